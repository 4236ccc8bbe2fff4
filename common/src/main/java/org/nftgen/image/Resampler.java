package org.nftgen.image;

/**
 * Resizes RGB images with separable filters: area averaging (each output pixel is the exact mean
 * of the source area it covers, the right filter for shrinking), bicubic (Keys, a = -0.5, widened
 * by the scale when shrinking so it does not alias) and nearest neighbour (for pixel art).
 */
public final class Resampler {

  /** The resampling filters; names as used in config. */
  public enum Filter {
    AREA, BICUBIC, NEAREST;

    public static Filter named(String name) {
      return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
    }
  }

  private Resampler() {}

  /** The largest centred square of {@code image}. */
  public static RgbImage centerCrop(RgbImage image) {
    int side = Math.min(image.width(), image.height());
    if (side == image.width() && side == image.height()) {
      return image;
    }
    int x0 = (image.width() - side) / 2;
    int y0 = (image.height() - side) / 2;
    byte[] out = new byte[side * side * 3];
    for (int y = 0; y < side; y++) {
      System.arraycopy(image.rgb(), ((y0 + y) * image.width() + x0) * 3, out, y * side * 3, side * 3);
    }
    return new RgbImage(side, side, out);
  }

  /** Resizes to {@code width} x {@code height}; returns the input when the size already matches. */
  public static RgbImage resize(RgbImage src, int width, int height, Filter filter) {
    if (src.width() == width && src.height() == height) {
      return src;
    }
    Weights horizontal = Weights.of(src.width(), width, filter);
    Weights vertical = Weights.of(src.height(), height, filter);
    // Horizontal pass into floats, then vertical pass with rounding: one rounding in all.
    float[] mid = new float[src.height() * width * 3];
    byte[] in = src.rgb();
    for (int y = 0; y < src.height(); y++) {
      int rowIn = y * src.width() * 3;
      int rowMid = y * width * 3;
      for (int x = 0; x < width; x++) {
        float r = 0;
        float g = 0;
        float b = 0;
        int first = horizontal.first[x];
        float[] w = horizontal.weights[x];
        for (int k = 0; k < w.length; k++) {
          int i = rowIn + (first + k) * 3;
          r += w[k] * (in[i] & 255);
          g += w[k] * (in[i + 1] & 255);
          b += w[k] * (in[i + 2] & 255);
        }
        mid[rowMid + x * 3] = r;
        mid[rowMid + x * 3 + 1] = g;
        mid[rowMid + x * 3 + 2] = b;
      }
    }
    byte[] out = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      int first = vertical.first[y];
      float[] w = vertical.weights[y];
      for (int x = 0; x < width * 3; x++) {
        float v = 0;
        for (int k = 0; k < w.length; k++) {
          v += w[k] * mid[(first + k) * width * 3 + x];
        }
        out[y * width * 3 + x] = (byte) Math.max(0, Math.min(255, Math.round(v)));
      }
    }
    return new RgbImage(width, height, out);
  }

  /** Per output index: the first contributing source index and the normalised weights. */
  private static final class Weights {
    final int[] first;
    final float[][] weights;

    private Weights(int n) {
      first = new int[n];
      weights = new float[n][];
    }

    static Weights of(int inSize, int outSize, Filter filter) {
      Weights table = new Weights(outSize);
      double scale = (double) inSize / outSize;
      for (int o = 0; o < outSize; o++) {
        double lo;
        double hi;
        double center = (o + 0.5) * scale; // in source pixel units, pixel i covers [i, i+1)
        double support;
        switch (filter) {
          case NEAREST:
            int nearest = Math.min(inSize - 1, (int) Math.floor(center));
            table.first[o] = nearest;
            table.weights[o] = new float[] {1f};
            continue;
          case AREA:
            support = Math.max(scale, 1.0) / 2; // upscaling by area degenerates to nearest-ish
            break;
          default:
            support = 2 * Math.max(scale, 1.0);
            break;
        }
        lo = center - support;
        hi = center + support;
        int start = Math.max(0, (int) Math.floor(lo));
        int end = Math.min(inSize, (int) Math.ceil(hi));
        double[] w = new double[Math.max(1, end - start)];
        double sum = 0;
        for (int i = start; i < end; i++) {
          double wi;
          if (filter == Filter.AREA) {
            wi = Math.max(0, Math.min(i + 1, hi) - Math.max(i, lo)); // overlap length
          } else {
            double stretch = Math.max(scale, 1.0);
            wi = cubic((i + 0.5 - center) / stretch);
          }
          w[i - start] = wi;
          sum += wi;
        }
        float[] normalised = new float[w.length];
        for (int k = 0; k < w.length; k++) {
          normalised[k] = (float) (w[k] / sum);
        }
        table.first[o] = start;
        table.weights[o] = normalised;
      }
      return table;
    }

    /** Keys' cubic convolution kernel with a = -0.5 (Catmull-Rom), as PIL and OpenCV use. */
    private static double cubic(double x) {
      double a = -0.5;
      x = Math.abs(x);
      if (x < 1) {
        return ((a + 2) * x - (a + 3)) * x * x + 1;
      }
      if (x < 2) {
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
      }
      return 0;
    }
  }
}
