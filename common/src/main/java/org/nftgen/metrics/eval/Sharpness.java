package org.nftgen.metrics.eval;

import java.util.List;
import org.nftgen.image.RgbImage;

/**
 * High-frequency energy of a set relative to the real images': the mean squared 4-neighbour
 * Laplacian of every channel (values in [0, 1]), averaged over pixels and images, divided by the
 * same for the real set. 1 is as sharp as the collection; noise, speckle and pixel scrambling push
 * it above 1, blur below. A person sees both at once in flat and pixel art, where every edge is
 * crisp and every area flat. Border pixels use their nearest neighbour.
 */
public final class Sharpness {
  private Sharpness() {}

  /** Generated energy over real energy (both sets at their own size; compare images of one side). */
  public static double ratio(List<RgbImage> generated, List<RgbImage> real) {
    return energy(generated) / Math.max(1e-12, energy(real));
  }

  /** |ln ratio|: 0 for the real images' sharpness, growing with any departure either way. */
  public static double deviation(double ratio) {
    return Math.abs(Math.log(ratio));
  }

  static double energy(List<RgbImage> images) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no images to measure");
    }
    double total = 0;
    for (RgbImage image : images) {
      total += energy(image);
    }
    return total / images.size();
  }

  static double energy(RgbImage image) {
    int w = image.width();
    int h = image.height();
    byte[] p = image.rgb();
    double sum = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        int left = (y * w + Math.max(0, x - 1)) * 3;
        int right = (y * w + Math.min(w - 1, x + 1)) * 3;
        int up = (Math.max(0, y - 1) * w + x) * 3;
        int down = (Math.min(h - 1, y + 1) * w + x) * 3;
        for (int c = 0; c < 3; c++) {
          int lap = 4 * (p[i + c] & 255) - (p[left + c] & 255) - (p[right + c] & 255) - (p[up + c] & 255)
              - (p[down + c] & 255);
          sum += (double) lap * lap;
        }
      }
    }
    return sum / (w * h * 3.0 * 255 * 255);
  }
}
