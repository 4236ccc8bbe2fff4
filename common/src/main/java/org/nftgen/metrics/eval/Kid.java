package org.nftgen.metrics.eval;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Kernel inception distance (Binkowski et al. 2018): the unbiased estimate of the squared maximum
 * mean discrepancy with the cubic polynomial kernel k(x, y) = (x.y / d + 1)^3, averaged over random
 * subsets of both sets drawn without replacement, as in the paper's code and torch-fidelity. Unlike
 * FID it is unbiased, so small sets give the right value on average and it can be slightly
 * negative when the two distributions are equal.
 */
public final class Kid {

  /** The mean over subsets and its standard deviation across subsets. */
  public record Result(double mean, double std) {}

  private Kid() {}

  /**
   * KID between feature sets {@code x} and {@code y} (rows are samples); subsets have
   * {@link #subsetSize} rows and are drawn from a generator seeded with {@code seed}.
   */
  public static Result compute(float[][] x, float[][] y, int subsets, int subsetSize, long seed) {
    int m = subsetSize(subsetSize, Math.min(x.length, y.length));
    if (m < 2) {
      throw new IllegalArgumentException("KID needs at least 2 samples in each set, got " + x.length + " and " + y.length);
    }
    double[][] dx = Distances.toDouble(x);
    double[][] dy = Distances.toDouble(y);
    int d = dx[0].length;
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[subsets];
    for (int s = 0; s < subsets; s++) {
      INDArray a = Nd4j.create(pick(dx, m, random));
      INDArray b = Nd4j.create(pick(dy, m, random));
      values[s] = mmd2(a, b, d);
    }
    double mean = 0;
    for (double v : values) {
      mean += v;
    }
    mean /= subsets;
    double var = 0;
    for (double v : values) {
      var += (v - mean) * (v - mean);
    }
    return new Result(mean, subsets > 1 ? Math.sqrt(var / (subsets - 1)) : 0);
  }

  /**
   * min(requested, half the smaller set), but at least 2 (the whole set below 4 samples). A subset
   * as large as its set is the same subset every time: the spread across subsets would be 0 and say
   * nothing, as it did with 1,000 samples and subsets of 1,000.
   */
  public static int subsetSize(int requested, int smallerSet) {
    return Math.min(smallerSet, Math.max(2, Math.min(requested, smallerSet / 2)));
  }

  /** Unbiased MMD^2 of two equally sized samples: the kernel's diagonal is left out within each set. */
  static double mmd2(INDArray a, INDArray b, int d) {
    double m = a.size(0);
    INDArray kxx = kernel(a, a, d);
    INDArray kyy = kernel(b, b, d);
    INDArray kxy = kernel(a, b, d);
    double withinX = kxx.sumNumber().doubleValue() - trace(kxx);
    double withinY = kyy.sumNumber().doubleValue() - trace(kyy);
    return (withinX + withinY) / (m * (m - 1)) - 2 * kxy.sumNumber().doubleValue() / (m * m);
  }

  private static double trace(INDArray square) {
    double t = 0;
    for (int i = 0; i < square.size(0); i++) {
      t += square.getDouble(i, i);
    }
    return t;
  }

  private static INDArray kernel(INDArray a, INDArray b, int d) {
    return Transforms.pow(a.mmul(b.transpose()).divi(d).addi(1), 3, false);
  }

  /** {@code m} distinct rows chosen uniformly (partial Fisher-Yates). */
  private static double[][] pick(double[][] rows, int m, SplittableRandom random) {
    int[] index = new int[rows.length];
    for (int i = 0; i < index.length; i++) {
      index[i] = i;
    }
    double[][] out = new double[m][];
    for (int i = 0; i < m; i++) {
      int j = i + random.nextInt(rows.length - i);
      int t = index[i];
      index[i] = index[j];
      index[j] = t;
      out[i] = rows[index[i]];
    }
    return out;
  }
}
