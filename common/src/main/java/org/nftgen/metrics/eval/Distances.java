package org.nftgen.metrics.eval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Squared Euclidean distances between rows of two matrices, one block of rows at a time, as
 * |a|^2 + |b|^2 - 2 a.b with the products from one BLAS matrix product (the only affordable way at
 * thousands of images). The expansion cancels badly for near-equal rows, so results below
 * {@link #RELATIVE_ZERO} of |a|^2 + |b|^2 are set to exactly 0: duplicates then have distance 0.
 */
final class Distances {
  /** Relative size under which a squared distance is rounding noise (double products, ~1e-16 each). */
  static final double RELATIVE_ZERO = 1e-10;
  /** Rows of {@code a} per block: bounds a block to {@code ROWS x b.length} doubles. */
  static final int ROWS = 512;

  /** Receives the distances from rows {@code first ...} of {@code a} to every row of {@code b}. */
  interface Block {
    void accept(int first, double[][] squared);
  }

  private Distances() {}

  static void blocks(double[][] a, double[][] b, Block consumer) {
    INDArray bt = Nd4j.create(b).transpose(); // [d, m]
    double[] bNorms = norms(b);
    for (int first = 0; first < a.length; first += ROWS) {
      int rows = Math.min(ROWS, a.length - first);
      double[][] part = java.util.Arrays.copyOfRange(a, first, first + rows);
      double[] aNorms = norms(part);
      double[][] dots = Nd4j.create(part).mmul(bt).toDoubleMatrix();
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < b.length; j++) {
          double sum = aNorms[i] + bNorms[j];
          double d = sum - 2 * dots[i][j];
          dots[i][j] = d <= RELATIVE_ZERO * sum ? 0 : d;
        }
      }
      consumer.accept(first, dots);
    }
  }

  /** All squared distances at once: for small sets only. */
  static double[][] all(double[][] a, double[][] b) {
    double[][] out = new double[a.length][];
    blocks(a, b, (first, block) -> System.arraycopy(block, 0, out, first, block.length));
    return out;
  }

  static double[] norms(double[][] rows) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      double s = 0;
      for (double v : rows[i]) {
        s += v * v;
      }
      out[i] = s;
    }
    return out;
  }

  static double[][] toDouble(float[][] rows) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = new double[rows[i].length];
      for (int j = 0; j < rows[i].length; j++) {
        out[i][j] = rows[i][j];
      }
    }
    return out;
  }

  static INDArray matrix(double[][] rows) {
    return Nd4j.create(rows).castTo(DataType.DOUBLE);
  }
}
