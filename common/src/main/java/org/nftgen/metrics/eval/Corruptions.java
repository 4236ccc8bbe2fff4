package org.nftgen.metrics.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nftgen.image.RgbImage;

/**
 * The calibration's damaged copies of real images. Sizes are stated at 64 px and scaled with the
 * image's side, so a 32 px test and a 64 px collection see the same damage relative to the picture.
 * Noise levels are in the [-1, 1] units of the generator's output (sigma 0.1 is 12.75 levels of 255).
 */
public final class Corruptions {
  private Corruptions() {}

  /** Adds N(0, sigma^2) noise to every channel of every pixel (sigma in [-1, 1] units), clipped. */
  public static List<RgbImage> noise(List<RgbImage> images, double sigma, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<RgbImage> out = new ArrayList<>();
    for (RgbImage image : images) {
      byte[] src = image.rgb();
      byte[] dst = new byte[src.length];
      for (int i = 0; i < src.length; i++) {
        dst[i] = clip((src[i] & 255) + sigma * 127.5 * gaussian(random));
      }
      out.add(new RgbImage(image.width(), image.height(), dst));
    }
    return out;
  }

  /** Gaussian blur of {@code sigma64} pixels at 64 px (scaled with the side), edges repeated. */
  public static List<RgbImage> blur(List<RgbImage> images, double sigma64) {
    List<RgbImage> out = new ArrayList<>();
    for (RgbImage image : images) {
      double sigma = sigma64 * image.width() / 64.0;
      int radius = Math.max(1, (int) Math.ceil(3 * sigma));
      double[] kernel = new double[2 * radius + 1];
      double sum = 0;
      for (int k = -radius; k <= radius; k++) {
        kernel[k + radius] = Math.exp(-k * k / (2 * sigma * sigma));
        sum += kernel[k + radius];
      }
      for (int k = 0; k < kernel.length; k++) {
        kernel[k] /= sum;
      }
      double[] rows = convolve(toDouble(image.rgb()), image.width(), image.height(), kernel, true);
      double[] both = convolve(rows, image.width(), image.height(), kernel, false);
      byte[] dst = new byte[both.length];
      for (int i = 0; i < both.length; i++) {
        dst[i] = clip(both[i]);
      }
      out.add(new RgbImage(image.width(), image.height(), dst));
    }
    return out;
  }

  /**
   * Pixels permuted at random within each block of {@code block64} x {@code block64} pixels at 64 px
   * (at least 2): the colours and the coarse layout stay, every edge and stroke is scrambled.
   */
  public static List<RgbImage> shuffleBlocks(List<RgbImage> images, int block64, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<RgbImage> out = new ArrayList<>();
    for (RgbImage image : images) {
      int w = image.width();
      int h = image.height();
      int b = Math.max(2, block64 * w / 64);
      byte[] src = image.rgb();
      byte[] dst = src.clone();
      for (int by = 0; by < h; by += b) {
        for (int bx = 0; bx < w; bx += b) {
          List<Integer> cells = new ArrayList<>();
          for (int y = by; y < Math.min(h, by + b); y++) {
            for (int x = bx; x < Math.min(w, bx + b); x++) {
              cells.add(y * w + x);
            }
          }
          int[] order = cells.stream().mapToInt(Integer::intValue).toArray();
          for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
          }
          for (int i = 0; i < order.length; i++) {
            System.arraycopy(src, order[i] * 3, dst, cells.get(i) * 3, 3);
          }
        }
      }
      out.add(new RgbImage(w, h, dst));
    }
    return out;
  }

  /** {@code count} copies of one image: a generator that collapsed onto a single output. */
  public static List<RgbImage> collapse(RgbImage image, int count) {
    List<RgbImage> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(image);
    }
    return out;
  }

  /**
   * Images of independent Gaussian pixels with the per-channel mean and standard deviation of
   * {@code collection}'s pixels: the right colours in the right amounts and no structure at all.
   */
  public static List<RgbImage> colourMatchedNoise(List<RgbImage> collection, int count, int side, long seed) {
    double[] sum = new double[3];
    double[] squares = new double[3];
    long pixels = 0;
    for (RgbImage image : collection) {
      byte[] p = image.rgb();
      for (int i = 0; i < p.length; i += 3) {
        for (int c = 0; c < 3; c++) {
          double v = p[i + c] & 255;
          sum[c] += v;
          squares[c] += v * v;
        }
      }
      pixels += p.length / 3;
    }
    double[] mean = new double[3];
    double[] std = new double[3];
    for (int c = 0; c < 3; c++) {
      mean[c] = sum[c] / pixels;
      std[c] = Math.sqrt(Math.max(0, squares[c] / pixels - mean[c] * mean[c]));
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<RgbImage> out = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      byte[] rgb = new byte[side * side * 3];
      for (int i = 0; i < rgb.length; i++) {
        int c = i % 3;
        rgb[i] = clip(mean[c] + std[c] * gaussian(random));
      }
      out.add(new RgbImage(side, side, rgb));
    }
    return out;
  }

  private static double[] convolve(double[] src, int w, int h, double[] kernel, boolean horizontal) {
    int radius = kernel.length / 2;
    double[] dst = new double[src.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          double v = 0;
          for (int k = -radius; k <= radius; k++) {
            int sx = horizontal ? Math.min(w - 1, Math.max(0, x + k)) : x;
            int sy = horizontal ? y : Math.min(h - 1, Math.max(0, y + k));
            v += kernel[k + radius] * src[(sy * w + sx) * 3 + c];
          }
          dst[(y * w + x) * 3 + c] = v;
        }
      }
    }
    return dst;
  }

  private static double[] toDouble(byte[] rgb) {
    double[] out = new double[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      out[i] = rgb[i] & 255;
    }
    return out;
  }

  private static byte clip(double v) {
    return (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
  }

  private static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
