package org.nftgen.data;

import java.io.Serializable;
import org.nftgen.image.RgbImage;

/**
 * The verdict on one input file after decoding it: accepted (with the hash of its decoded pixels)
 * or rejected with a reason. Small enough to collect to the driver for every file.
 */
public record ScannedFile(
    String path,
    String source,
    long bytes,
    RejectReason reason,
    String detail,
    String pixelHash,
    int width,
    int height,
    String format,
    String mode) implements Serializable {

  public static ScannedFile accepted(String path, String source, long bytes, DecodeResult result) {
    RgbImage image = result.image();
    return new ScannedFile(path, source, bytes, null, null, image.pixelHash(), image.width(), image.height(),
        result.format().label(), result.mode());
  }

  public static ScannedFile rejected(String path, String source, long bytes, RejectReason reason, String detail) {
    return new ScannedFile(path, source, bytes, reason, detail, null, 0, 0, null, null);
  }

  public boolean isAccepted() {
    return reason == null;
  }

  /** The same file, rejected as a duplicate of {@code keeper}. */
  public ScannedFile asDuplicateOf(ScannedFile keeper) {
    return new ScannedFile(path, source, bytes, RejectReason.DUPLICATE, "same pixels as " + keeper.source(),
        pixelHash, width, height, format, mode);
  }
}
