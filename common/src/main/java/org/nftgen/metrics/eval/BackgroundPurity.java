package org.nftgen.metrics.eval;

import java.util.List;
import org.nftgen.image.RgbImage;

/**
 * Share of images with a pure background: their top, left and right border strips are one solid
 * colour. The embedded collections draw every token on a flat background that their figures touch
 * only at the bottom edge, so a generator that learned the collection should keep these three
 * strips flat; blotches, gradients or split colours there are typical GAN artefacts.
 *
 * <p>A border is pure when at most {@code outliers} of its pixels differ from its per-channel
 * median colour by more than {@code tolerance} (0-255) in some channel. The median, not the mean,
 * so that a few speckles neither move the reference colour nor, under the outlier share, fail it.
 */
public final class BackgroundPurity {
  private BackgroundPurity() {}

  public static double fraction(List<RgbImage> images, int borderWidth, int tolerance, double outliers) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no images to measure");
    }
    int pure = 0;
    for (RgbImage image : images) {
      if (isPure(image, borderWidth, tolerance, outliers)) {
        pure++;
      }
    }
    return (double) pure / images.size();
  }

  public static boolean isPure(RgbImage image, int borderWidth, int tolerance, double outliers) {
    int w = image.width();
    int h = image.height();
    int b = Math.min(borderWidth, Math.min(h, (w + 1) / 2));
    int[][] histogram = new int[3][256];
    int count = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (inBorder(x, y, w, b)) {
          int p = image.pixel(x, y);
          histogram[0][p >> 16 & 255]++;
          histogram[1][p >> 8 & 255]++;
          histogram[2][p & 255]++;
          count++;
        }
      }
    }
    int[] median = {median(histogram[0], count), median(histogram[1], count), median(histogram[2], count)};
    int off = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (inBorder(x, y, w, b)) {
          int p = image.pixel(x, y);
          if (Math.abs((p >> 16 & 255) - median[0]) > tolerance
              || Math.abs((p >> 8 & 255) - median[1]) > tolerance
              || Math.abs((p & 255) - median[2]) > tolerance) {
            off++;
          }
        }
      }
    }
    return off <= outliers * count;
  }

  /** Top strip, or left or right strip (the bottom is where the figures stand). */
  private static boolean inBorder(int x, int y, int w, int b) {
    return y < b || x < b || x >= w - b;
  }

  private static int median(int[] histogram, int count) {
    int seen = 0;
    for (int v = 0; v < 256; v++) {
      seen += histogram[v];
      if (2 * seen > count) {
        return v;
      }
    }
    return 255;
  }
}
