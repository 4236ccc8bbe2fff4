package org.nftgen.metrics.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nftgen.image.Pixels;
import org.nftgen.image.RgbImage;

/**
 * Classifier two-sample test (Lopez-Paz and Oquab 2017): how well a small CNN, trained for a fixed
 * budget to tell real from generated images, tells held-out ones apart. 0.5 means indistinguishable
 * to this classifier; 1.0 means every held-out image was told correctly.
 *
 * <p>Protocol: both sets are split by index parity into two folds; a fresh {@link SmallCnn} (same
 * seed each time) is trained on one fold with balanced batches (half real, half generated, drawn with
 * replacement) for {@code iterations} steps, then scores the other fold, and the folds swap. The
 * accuracy is balanced (the mean of the real and the generated images' accuracies, so set sizes do
 * not matter), pooled over both folds; every generated image gets a held-out realness score, its
 * predicted probability of being real, for finding the worst samples. No augmentation: the test must
 * see exact pixels.
 */
public final class C2st {

  /** Balanced held-out accuracy; per generated image, its held-out probability of being real. */
  public record Result(double accuracy, double[] realness) {}

  private C2st() {}

  public static Result compute(List<RgbImage> real, List<RgbImage> generated, YardstickSettings.Network s, int side) {
    if (real.size() < 2 || generated.size() < 2) {
      throw new IllegalArgumentException("C2ST needs at least 2 real and 2 generated images, got "
          + real.size() + " and " + generated.size());
    }
    List<byte[]> r = resized(real, side);
    List<byte[]> g = resized(generated, side);
    double[] realness = new double[g.size()];
    long[] correct = new long[2]; // real, generated
    for (int fold = 0; fold < 2; fold++) {
      MultiLayerNetwork net = SmallCnn.build(s, side);
      train(net, parity(r, fold), parity(g, fold), s, side);
      int test = 1 - fold;
      correct[0] += score(net, r, test, side, s.batch(), null, true);
      correct[1] += score(net, g, test, side, s.batch(), realness, false);
    }
    double accuracy = 0.5 * correct[0] / r.size() + 0.5 * correct[1] / g.size();
    return new Result(accuracy, realness);
  }

  private static void train(MultiLayerNetwork net, List<byte[]> real, List<byte[]> fake, YardstickSettings.Network s,
      int side) {
    SplittableRandom random = new SplittableRandom(s.seed());
    int half = Math.max(1, s.batch() / 2);
    int[] labels = new int[2 * half];
    for (int i = 0; i < half; i++) {
      labels[i] = 1; // class 1 = real
    }
    for (int it = 0; it < s.iterations(); it++) {
      List<byte[]> batch = new ArrayList<>(2 * half);
      for (int i = 0; i < half; i++) {
        batch.add(real.get(random.nextInt(real.size())));
      }
      for (int i = 0; i < half; i++) {
        batch.add(fake.get(random.nextInt(fake.size())));
      }
      net.fit(Pixels.toTensor(batch, side), SmallCnn.oneHot(labels, 2));
    }
  }

  /** Correct calls among the images of fold {@code fold}; records generated images' realness. */
  private static long score(MultiLayerNetwork net, List<byte[]> images, int fold, int side, int batchSize,
      double[] realness, boolean isReal) {
    List<Integer> index = new ArrayList<>();
    for (int i = fold; i < images.size(); i += 2) {
      index.add(i);
    }
    long correct = 0;
    for (int start = 0; start < index.size(); start += batchSize) {
      List<Integer> chunk = index.subList(start, Math.min(index.size(), start + batchSize));
      List<byte[]> batch = chunk.stream().map(images::get).toList();
      float[][] p = SmallCnn.probabilities(net, Pixels.toTensor(batch, side));
      for (int i = 0; i < chunk.size(); i++) {
        double pReal = p[i][1];
        if (realness != null) {
          realness[chunk.get(i)] = pReal;
        }
        if ((pReal > 0.5) == isReal) {
          correct++;
        }
      }
    }
    return correct;
  }

  private static List<byte[]> parity(List<byte[]> images, int fold) {
    List<byte[]> out = new ArrayList<>();
    for (int i = fold; i < images.size(); i += 2) {
      out.add(images.get(i));
    }
    return out;
  }

  private static List<byte[]> resized(List<RgbImage> images, int side) {
    return images.stream().map(i -> FeatureNetwork.atSide(i, side).rgb()).toList();
  }
}
