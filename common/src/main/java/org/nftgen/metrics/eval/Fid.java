package org.nftgen.metrics.eval;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Frechet distance between Gaussians fitted to two feature sets (Heusel et al. 2017):
 * |mu1 - mu2|^2 + tr(S1) + tr(S2) - 2 tr((S1 S2)^(1/2)).
 *
 * <p>The trace term without the non-symmetric S1 S2 (whose square root scipy's {@code sqrtm}
 * approximates, with the complex-part warnings the FID code papers over): S1 S2 is similar to the
 * symmetric positive semi-definite M = S1^(1/2) S2 S1^(1/2), so tr((S1 S2)^(1/2)) is the sum of the
 * square roots of M's eigenvalues. Both square roots come from symmetric eigen-decompositions in
 * double precision; eigenvalues that rounding pushes below zero count as zero.
 *
 * <p>FID is biased: with n samples it exceeds the true distance by roughly tr-terms of order d/n, so
 * compare values computed with the same n (and the same features).
 */
public final class Fid {
  private Fid() {}

  /** FID between feature sets (rows are samples, at least 2 per set) with unbiased covariances. */
  public static double compute(float[][] x, float[][] y) {
    Gaussian a = Gaussian.fit(Distances.toDouble(x));
    Gaussian b = Gaussian.fit(Distances.toDouble(y));
    return frechet(a.mean, a.covariance, b.mean, b.covariance);
  }

  /** The Frechet distance between N(mu1, s1) and N(mu2, s2); {@code s1, s2} symmetric PSD. */
  public static double frechet(double[] mu1, double[][] s1, double[] mu2, double[][] s2) {
    double shift = 0;
    for (int i = 0; i < mu1.length; i++) {
      shift += (mu1[i] - mu2[i]) * (mu1[i] - mu2[i]);
    }
    RealMatrix a = new Array2DRowRealMatrix(s1);
    RealMatrix b = new Array2DRowRealMatrix(s2);
    RealMatrix rootA = symmetricSqrt(a);
    RealMatrix m = rootA.multiply(b).multiply(rootA);
    double traceRoot = 0;
    for (double lambda : new EigenDecomposition(symmetrised(m)).getRealEigenvalues()) {
      traceRoot += Math.sqrt(Math.max(0, lambda));
    }
    return shift + a.getTrace() + b.getTrace() - 2 * traceRoot;
  }

  /** V diag(sqrt(max(lambda, 0))) V^T of a symmetric matrix. */
  static RealMatrix symmetricSqrt(RealMatrix s) {
    EigenDecomposition e = new EigenDecomposition(symmetrised(s));
    double[] lambda = e.getRealEigenvalues();
    RealMatrix v = e.getV();
    RealMatrix scaled = v.copy();
    for (int j = 0; j < lambda.length; j++) {
      double root = Math.sqrt(Math.max(0, lambda[j]));
      for (int i = 0; i < lambda.length; i++) {
        scaled.setEntry(i, j, v.getEntry(i, j) * root);
      }
    }
    return scaled.multiply(v.transpose());
  }

  /** (S + S^T) / 2: removes the rounding asymmetry that would make commons-math treat S as non-symmetric. */
  private static RealMatrix symmetrised(RealMatrix s) {
    return s.add(s.transpose()).scalarMultiply(0.5);
  }

  /** Mean and unbiased (n - 1) covariance of the rows. */
  record Gaussian(double[] mean, double[][] covariance) {
    static Gaussian fit(double[][] rows) {
      if (rows.length < 2) {
        throw new IllegalArgumentException("a covariance needs at least 2 samples, got " + rows.length);
      }
      INDArray data = Nd4j.create(rows);
      INDArray mean = data.mean(0);
      INDArray centred = data.subRowVector(mean);
      INDArray covariance = centred.transpose().mmul(centred).divi(rows.length - 1);
      return new Gaussian(mean.toDoubleVector(), covariance.toDoubleMatrix());
    }
  }
}
