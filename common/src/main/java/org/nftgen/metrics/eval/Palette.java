package org.nftgen.metrics.eval;

import java.util.List;
import org.nftgen.image.RgbImage;

/**
 * Colours per image relative to the real images': the mean number of distinct colours an image
 * uses, each channel quantised to {@link #BITS} bits (so that one level of rounding does not count
 * as a new colour), divided by the same for the real set. Flat and pixel art use a few colours;
 * noise, speckle and blur (which mixes neighbouring colours) multiply them. Pixel shuffles keep an
 * image's colours, so this measure is blind to them by construction.
 */
public final class Palette {
  static final int BITS = 5;

  private Palette() {}

  public static double ratio(List<RgbImage> generated, List<RgbImage> real) {
    return meanColours(generated) / Math.max(1e-12, meanColours(real));
  }

  /** |ln ratio|, as {@link Sharpness#deviation}. */
  public static double deviation(double ratio) {
    return Math.abs(Math.log(ratio));
  }

  static double meanColours(List<RgbImage> images) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no images to measure");
    }
    double total = 0;
    for (RgbImage image : images) {
      total += colours(image);
    }
    return total / images.size();
  }

  static int colours(RgbImage image) {
    int shift = 8 - BITS;
    boolean[] seen = new boolean[1 << (3 * BITS)];
    byte[] p = image.rgb();
    int count = 0;
    for (int i = 0; i < p.length; i += 3) {
      int key = ((p[i] & 255) >> shift) << (2 * BITS) | ((p[i + 1] & 255) >> shift) << BITS | ((p[i + 2] & 255) >> shift);
      if (!seen[key]) {
        seen[key] = true;
        count++;
      }
    }
    return count;
  }
}
