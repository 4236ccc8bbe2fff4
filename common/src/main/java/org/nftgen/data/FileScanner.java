package org.nftgen.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nftgen.image.RgbImage;
import org.nftgen.io.HadoopFiles;

/**
 * Reads and decodes one input file on an executor. Every outcome is a value, never an exception:
 * a bad file must not fail its task, let alone the job.
 */
public final class FileScanner {
  private final PrepareSettings settings;
  private final ImageDecoder decoder;

  public FileScanner(PrepareSettings settings) {
    this.settings = settings;
    this.decoder = new ImageDecoder(settings.maxPixels(), settings.minSide(), settings.background());
  }

  /** The bytes of a file, or the rejection that reading them ended in. */
  public record Read(byte[] data, ScannedFile rejection) {}

  public Read read(String path, String source, long length, Configuration conf) {
    if (hasUndecodableName(path)) {
      return new Read(null, ScannedFile.rejected(path, source, length, RejectReason.UNREADABLE_NAME,
          "the file name is not valid in the platform's encoding"));
    }
    if (length > settings.maxFileBytes()) {
      return new Read(null, ScannedFile.rejected(path, source, length, RejectReason.TOO_LARGE,
          length + " bytes is more than max-file-bytes " + settings.maxFileBytes()));
    }
    Path p = new Path(path);
    try {
      try (InputStream in = HadoopFiles.open(p, conf)) {
        return new Read(HadoopFiles.readBounded(in, settings.maxFileBytes(), path), null);
      }
    } catch (HadoopFiles.TooLargeException e) {
      return new Read(null, ScannedFile.rejected(path, source, length, RejectReason.TOO_LARGE, e.getMessage()));
    } catch (FileNotFoundException e) {
      return new Read(null, ScannedFile.rejected(path, source, length, RejectReason.UNREADABLE_NAME,
          "listed but cannot be opened by name: " + e.getMessage()));
    } catch (IOException | RuntimeException e) {
      return new Read(null, ScannedFile.rejected(path, source, length, RejectReason.UNREADABLE,
          String.valueOf(e.getMessage())));
    }
  }

  /** Reads and decodes a file; the verdict plus, when accepted, the decoded image. */
  public record Scan(ScannedFile verdict, RgbImage image) {}

  public Scan scan(String path, String source, long length, Configuration conf) {
    Read read = read(path, source, length, conf);
    if (read.rejection() != null) {
      return new Scan(read.rejection(), null);
    }
    DecodeResult result = decoder.decode(read.data());
    if (!result.isAccepted()) {
      return new Scan(ScannedFile.rejected(path, source, length, result.reason(), result.detail()), null);
    }
    return new Scan(ScannedFile.accepted(path, source, length, result), result.image());
  }

  /** Names whose bytes were not valid in the JVM's file-name encoding decode to U+FFFD. */
  static boolean hasUndecodableName(String path) {
    return path.indexOf('\uFFFD') >= 0;
  }
}
