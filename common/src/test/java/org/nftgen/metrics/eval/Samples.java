package org.nftgen.metrics.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nftgen.config.ConfigLayers;
import org.nftgen.data.ImageDecoder;
import org.nftgen.image.RgbImage;
import org.nftgen.synth.CollectionStyle;

/** Test data: Gaussian feature sets and real images of the embedded collections. */
final class Samples {
  static final EvaluateSettings DEFAULTS = EvaluateSettings.from(new ConfigLayers().load());

  private Samples() {}

  /** {@code n} rows of N(shift, I) in {@code d} dimensions. */
  static float[][] gaussian(int n, int d, double shift, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] rows = new float[n][d];
    for (float[] row : rows) {
      for (int j = 0; j < d; j++) {
        row[j] = (float) (shift + normal(random));
      }
    }
    return rows;
  }

  static double normal(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  /** Tokens {@code first ..} of a style drawn at {@code size}: a solid top/left/right border each. */
  static List<RgbImage> tokens(String style, long seed, int first, int count, int size) {
    CollectionStyle s = CollectionStyle.named(style);
    List<RgbImage> out = new ArrayList<>();
    for (int id = first; id < first + count; id++) {
      out.add(ImageDecoder.toRgb(s.draw(s.roll(seed, id, 0), size), 0xFFFFFF));
    }
    return out;
  }

  /** An image whose left and right halves are different solid colours (a split background). */
  static RgbImage split(int size, int left, int right) {
    byte[] rgb = new byte[size * size * 3];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int c = x < size / 2 ? left : right;
        int i = (y * size + x) * 3;
        rgb[i] = (byte) (c >> 16);
        rgb[i + 1] = (byte) (c >> 8);
        rgb[i + 2] = (byte) c;
      }
    }
    return new RgbImage(size, size, rgb);
  }

  /** Uniform noise images: unrelated to any drawn token and to each other. */
  static List<RgbImage> noise(int count, int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<RgbImage> out = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      byte[] rgb = new byte[size * size * 3];
      for (int i = 0; i < rgb.length; i++) {
        rgb[i] = (byte) random.nextInt(256);
      }
      out.add(new RgbImage(size, size, rgb));
    }
    return out;
  }
}
