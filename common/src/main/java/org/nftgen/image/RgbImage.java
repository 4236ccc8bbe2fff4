package org.nftgen.image;

import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** An opaque 8-bit RGB image, row-major and channel-interleaved (HWC), as training code reads it. */
public record RgbImage(int width, int height, byte[] rgb) implements Serializable {
  public RgbImage {
    if (width <= 0 || height <= 0 || rgb.length != width * height * 3) {
      throw new IllegalArgumentException("bad image buffer: " + width + "x" + height + " with " + rgb.length + " bytes");
    }
  }

  public int red(int x, int y) {
    return rgb[(y * width + x) * 3] & 255;
  }

  public int green(int x, int y) {
    return rgb[(y * width + x) * 3 + 1] & 255;
  }

  public int blue(int x, int y) {
    return rgb[(y * width + x) * 3 + 2] & 255;
  }

  /** 0xRRGGBB of one pixel. */
  public int pixel(int x, int y) {
    int i = (y * width + x) * 3;
    return (rgb[i] & 255) << 16 | (rgb[i + 1] & 255) << 8 | (rgb[i + 2] & 255);
  }

  /** SHA-256 of the size and pixels: equal for images that decode to the same picture. */
  public String pixelHash() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((width + "x" + height + ":").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      sha.update(rgb);
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public java.awt.image.BufferedImage toBufferedImage() {
    java.awt.image.BufferedImage image =
        new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
    int[] argb = new int[width * height];
    for (int i = 0; i < argb.length; i++) {
      argb[i] = (rgb[i * 3] & 255) << 16 | (rgb[i * 3 + 1] & 255) << 8 | (rgb[i * 3 + 2] & 255);
    }
    image.setRGB(0, 0, width, height, argb, 0, width);
    return image;
  }
}
