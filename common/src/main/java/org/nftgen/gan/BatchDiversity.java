package org.nftgen.gan;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How different a batch of fakes is from itself, next to the real batch: the mean pairwise
 * Euclidean distance between the fakes over the same between the real images. Near 1 the
 * generator varies as much as the collection; near 0 it makes one image whatever its latent
 * (mode collapse), which a per-image loss cannot show and a person sees at once in a grid. Logged
 * every round so that a collapsing run shows itself while it trains.
 */
public final class BatchDiversity {
  private BatchDiversity() {}

  /** Mean pairwise distance of {@code fakes} over that of {@code reals} (both {@code [n, ...]}, n >= 2). */
  public static double ratio(INDArray fakes, INDArray reals) {
    double real = meanPairwiseDistance(reals);
    return real > 0 ? meanPairwiseDistance(fakes) / real : 0;
  }

  /** Mean Euclidean distance over the n (n - 1) / 2 pairs of rows of {@code images} flattened. */
  static double meanPairwiseDistance(INDArray images) {
    long n = images.size(0);
    if (n < 2) {
      throw new IllegalArgumentException("a batch of " + n + " has no pairs");
    }
    INDArray x = images.reshape('c', n, images.length() / n).castTo(DataType.DOUBLE);
    double[][] gram = x.mmul(x.transpose()).toDoubleMatrix();
    double sum = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        sum += Math.sqrt(Math.max(0, gram[i][i] + gram[j][j] - 2 * gram[i][j]));
      }
    }
    return sum / (n * (n - 1) / 2.0);
  }
}
