package org.nftgen.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Encodes images as PNG bytes in memory, so they can be written to any Hadoop file system. */
public final class PngCodec {
  private PngCodec() {}

  public static byte[] encode(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    try {
      if (!ImageIO.write(image, "png", out)) {
        throw new IOException("no PNG writer available");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("PNG encoding failed: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }
}
