package org.nftgen.io;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system under the {@code full:} scheme, whose disk fills up on demand: the
 * {@link #failAtCreate}-th file created from now accepts a few bytes and then fails every write with
 * "No space left on device", leaving a partial file as a real full disk does. Configured the way
 * Hadoop finds any file system ({@code fs.full.impl}, see {@link #configure}), so the code under
 * test takes its ordinary Hadoop path.
 */
public class FullDiskFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "full";
  /** Files created since {@link #reset}; the one numbered {@link #failAtCreate} fails (0: none). */
  public static final AtomicInteger CREATES = new AtomicInteger();
  public static volatile int failAtCreate;
  /** Bytes the failing file takes before the disk is full. */
  static final int BYTES_BEFORE_FULL = 5;

  public static Configuration configure(Configuration conf) {
    conf.set("fs." + SCHEME + ".impl", FullDiskFileSystem.class.getName());
    conf.setBoolean("fs." + SCHEME + ".impl.disable.cache", true);
    return conf;
  }

  /** Counting restarts; the {@code n}-th create from now fails (0: none). */
  public static void reset(int n) {
    CREATES.set(0);
    failAtCreate = n;
  }

  /** A local folder as a path of this file system. */
  public static Path of(java.nio.file.Path local) {
    return new Path(SCHEME + "://" + local.toAbsolutePath().toUri().getPath());
  }

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public void initialize(URI uri, Configuration conf) throws IOException {
    super.initialize(uri, conf);
    setConf(conf);
  }

  /**
   * Plain statuses: the local file system's own load their permissions through {@code java.io.File}
   * of the path's URI, which refuses any scheme but {@code file}.
   */
  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    FileStatus[] raw = super.listStatus(f);
    FileStatus[] plain = new FileStatus[raw.length];
    for (int i = 0; i < raw.length; i++) {
      plain[i] = plain(raw[i]);
    }
    return plain;
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    return plain(super.getFileStatus(f));
  }

  private static FileStatus plain(FileStatus s) {
    return new FileStatus(s.getLen(), s.isDirectory(), 1, s.getBlockSize(), s.getModificationTime(), s.getPath());
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
      Progressable progress) throws IOException {
    // Every create of RawLocalFileSystem, with a permission or without, comes through here.
    FSDataOutputStream out = super.create(f, overwrite, bufferSize, replication, blockSize, progress);
    if (CREATES.incrementAndGet() != failAtCreate) {
      return out;
    }
    return new FSDataOutputStream(new OutputStream() {
      private int written;

      @Override
      public void write(int b) throws IOException {
        if (written++ >= BYTES_BEFORE_FULL) {
          throw new IOException("No space left on device");
        }
        out.write(b);
      }

      @Override
      public void close() throws IOException {
        out.close();
      }
    }, null);
  }
}
