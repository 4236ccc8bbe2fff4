package org.nftgen.metrics.eval;

import java.util.Arrays;
import java.util.List;
import org.nftgen.image.RgbImage;

/**
 * Memorisation check: the share of generated images whose nearest training image is a
 * near-duplicate, and for every generated image the index of that nearest training image (for a
 * side-by-side grid).
 *
 * <p>Nearest and near-duplicate are decided in pixel space, not in feature space: a copy is a
 * statement about pixels, and a pixel distance has a fixed unit, so one threshold means the same
 * thing whatever the feature settings. Distances between random-network features have no calibrated
 * scale (they change with seed, width and depth), and features are built to ignore exactly the
 * details that distinguish a copy from a look-alike. The price: a copy shifted by a few pixels is
 * not caught.
 *
 * <p>Distance: root-mean-square difference of the RGB values scaled to [0, 1], with both images
 * centre-cropped and resized to the same side first (0 for identical images, about 0.004 for one
 * level of difference everywhere, about 0.4 between unrelated pictures).
 */
public final class CopyRate {

  /** {@code rate}: share of copies; per generated image, its nearest training image and distance. */
  public record Result(double rate, int[] nearestIndex, double[] nearestDistance) {}

  /** Training images per block of the nearest-neighbour search: bounds memory to a block at a time. */
  private static final int TRAINING_BLOCK = 512;

  private CopyRate() {}

  public static Result compute(List<RgbImage> generated, List<RgbImage> training, int side, double threshold) {
    if (generated.isEmpty() || training.isEmpty()) {
      throw new IllegalArgumentException("copy rate needs generated and training images");
    }
    double[][] g = vectors(generated, side);
    int[] nearest = new int[g.length];
    double[] best = new double[g.length];
    Arrays.fill(best, Double.POSITIVE_INFINITY);
    for (int start = 0; start < training.size(); start += TRAINING_BLOCK) {
      int offset = start;
      double[][] t = vectors(training.subList(start, Math.min(training.size(), start + TRAINING_BLOCK)), side);
      Distances.blocks(g, t, (first, block) -> {
        for (int i = 0; i < block.length; i++) {
          for (int j = 0; j < block[i].length; j++) {
            if (block[i][j] < best[first + i]) { // strict: ties keep the lowest training index
              best[first + i] = block[i][j];
              nearest[first + i] = offset + j;
            }
          }
        }
      });
    }
    int dimensions = side * side * 3;
    double[] distance = new double[g.length];
    int copies = 0;
    for (int i = 0; i < g.length; i++) {
      distance[i] = Math.sqrt(best[i] / dimensions);
      if (distance[i] <= threshold) {
        copies++;
      }
    }
    return new Result((double) copies / g.length, nearest, distance);
  }

  private static double[][] vectors(List<RgbImage> images, int side) {
    double[][] out = new double[images.size()][];
    for (int i = 0; i < out.length; i++) {
      byte[] rgb = FeatureNetwork.atSide(images.get(i), side).rgb();
      double[] v = new double[rgb.length];
      for (int j = 0; j < rgb.length; j++) {
        v[j] = (rgb[j] & 255) / 255.0;
      }
      out[i] = v;
    }
    return out;
  }
}
