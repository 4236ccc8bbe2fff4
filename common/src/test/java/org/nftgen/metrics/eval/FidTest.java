package org.nftgen.metrics.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FidTest {

  @Test
  void oneDimensionalCaseByHand() {
    // x = {0, 2}: mean 1, unbiased variance 2; y = {3, 5, 7}: mean 5, variance 4.
    // FID = (1 - 5)^2 + 2 + 4 - 2 sqrt(2 * 4) = 22 - 4 sqrt(2) = 16.343145750507620.
    double fid = Fid.compute(new float[][] {{0}, {2}}, new float[][] {{3}, {5}, {7}});
    assertEquals(22 - 4 * Math.sqrt(2), fid, 1e-12);
  }

  @Test
  void twoDimensionalNonCommutingCovariancesByHand() {
    // S1 = [[2, 1], [1, 2]], S2 = diag(1, 4): S1 S2 = [[2, 4], [1, 8]], trace 10, determinant 12.
    // For 2x2, (sqrt(l1) + sqrt(l2))^2 = trace + 2 sqrt(det), so tr sqrt(S1 S2) = sqrt(10 + 2 sqrt(12)).
    // With means (0, 0) and (1, 2): FID = 5 + 4 + 5 - 2 sqrt(10 + 4 sqrt(3)) = 5.7712204...
    double expected = 5 + 4 + 5 - 2 * Math.sqrt(10 + 4 * Math.sqrt(3));
    double fid = Fid.frechet(new double[] {0, 0}, new double[][] {{2, 1}, {1, 2}},
        new double[] {1, 2}, new double[][] {{1, 0}, {0, 4}});
    assertEquals(expected, fid, 1e-12);
    assertEquals(5.7712204, fid, 1e-7);
    // Symmetric in its arguments although S1 S2 != S2 S1.
    assertEquals(fid, Fid.frechet(new double[] {1, 2}, new double[][] {{1, 0}, {0, 4}},
        new double[] {0, 0}, new double[][] {{2, 1}, {1, 2}}), 1e-12);
  }

  @Test
  void identicalGaussiansAreCloseAndAShiftCostsItsSquaredLength() {
    float[][] a = Samples.gaussian(4000, 4, 0, 1);
    float[][] b = Samples.gaussian(4000, 4, 0, 2);
    float[][] shifted = Samples.gaussian(4000, 4, 1, 3); // mu = (1, 1, 1, 1), |mu|^2 = 4
    double same = Fid.compute(a, b);
    double far = Fid.compute(a, shifted);
    System.out.printf("FID same %.5f shifted %.5f%n", same, far);
    assertTrue(same >= -1e-9 && same < 0.02, "same distribution: " + same);
    assertEquals(4.0, far, 0.15);
    assertEquals(0.0, Fid.compute(a, a), 1e-9);
  }
}
