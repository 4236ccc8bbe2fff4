package org.nftgen.metrics.eval;

/**
 * Improved precision and recall (Kynkaanniemi et al. 2019): each set's manifold is the union of
 * balls around its samples, each ball reaching the sample's k-th nearest neighbour within the set.
 * Precision is the share of generated samples inside the real manifold (fidelity); recall the share
 * of real samples inside the generated manifold (coverage). Both sets should have the same size,
 * since radii shrink as a set grows.
 */
public final class PrecisionRecall {

  public record Result(double precision, double recall) {}

  private PrecisionRecall() {}

  public static Result compute(float[][] real, float[][] generated, int k) {
    double[][] r = Distances.toDouble(real);
    double[][] g = Distances.toDouble(generated);
    double[] realRadii = kthNeighbour(r, k);
    double[] generatedRadii = kthNeighbour(g, k);
    return new Result(coverage(g, r, realRadii), coverage(r, g, generatedRadii));
  }

  /** Squared distance from every row to its k-th nearest other row (itself excluded). */
  static double[] kthNeighbour(double[][] rows, int k) {
    if (rows.length <= k) {
      throw new IllegalArgumentException("k = " + k + " needs more than k samples, got " + rows.length);
    }
    double[] radii = new double[rows.length];
    Distances.blocks(rows, rows, (first, block) -> {
      for (int i = 0; i < block.length; i++) {
        radii[first + i] = smallest(block[i], first + i, k);
      }
    });
    return radii;
  }

  /** The k-th smallest entry of {@code row}, skipping index {@code self}: O(n k) by insertion. */
  private static double smallest(double[] row, int self, int k) {
    double[] best = new double[k];
    java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
    for (int j = 0; j < row.length; j++) {
      double v = row[j];
      if (j == self || v >= best[k - 1]) {
        continue;
      }
      int p = k - 1;
      while (p > 0 && best[p - 1] > v) {
        best[p] = best[p - 1];
        p--;
      }
      best[p] = v;
    }
    return best[k - 1];
  }

  /** Share of {@code queries} within the radius of at least one of {@code centres}. */
  private static double coverage(double[][] queries, double[][] centres, double[] radii) {
    int[] inside = new int[1];
    Distances.blocks(queries, centres, (first, block) -> {
      for (double[] row : block) {
        for (int j = 0; j < row.length; j++) {
          if (row[j] <= radii[j]) {
            inside[0]++;
            break;
          }
        }
      }
    });
    return (double) inside[0] / queries.length;
  }
}
