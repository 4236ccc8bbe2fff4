package org.nftgen.metrics.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KidTest {

  @Test
  void aSetAgainstItselfIsNearZeroAndShiftsGrowIt() {
    float[][] x = Samples.gaussian(300, 8, 0, 11);
    Kid.Result same = Kid.compute(x, Samples.gaussian(300, 8, 0, 12), 20, 100, 5);
    System.out.printf("KID same distribution %.6f +- %.6f%n", same.mean(), same.std());
    assertEquals(0, same.mean(), 0.03); // seen 0.0069; standard error 0.029 / sqrt(20) = 0.0066
    double previous = Math.abs(same.mean());
    for (double shift : new double[] {0.25, 0.5, 1, 2}) {
      Kid.Result r = Kid.compute(x, Samples.gaussian(300, 8, shift, 13), 20, 100, 5);
      System.out.printf("KID shift %.2f: %.6f +- %.6f%n", shift, r.mean(), r.std());
      // seen 0.248, 1.15, 8.25, 137
      assertTrue(r.mean() > 2 * previous + 0.1, "shift " + shift + ": " + r.mean() + " vs " + previous);
      previous = r.mean();
    }
  }

  @Test
  void aSetAgainstItselfIsZeroUpToTheSharedSampleBiasThatShrinksAsOneOverN() {
    // Subsets of x and "y" drawn from the same n rows share a row with probability 1/n per pair, and
    // k(x, x) (about 8 + variance for 8-d N(0, I)) exceeds k(x, x') (about 1.4), so the estimate is
    // about -2 (8.6) / n: -0.057 at n = 300 (seen -0.052), -0.014 at n = 1200.
    Kid.Result small = Kid.compute(Samples.gaussian(300, 8, 0, 11), Samples.gaussian(300, 8, 0, 11), 50, 100, 5);
    float[][] x = Samples.gaussian(1200, 8, 0, 11);
    Kid.Result large = Kid.compute(x, x, 50, 100, 5);
    System.out.printf("KID self n=300 %.6f +- %.6f, n=1200 %.6f +- %.6f%n",
        small.mean(), small.std(), large.mean(), large.std());
    assertEquals(-0.057, small.mean(), 0.03);
    assertEquals(-0.014, large.mean(), 0.02);
    assertTrue(Math.abs(large.mean()) < Math.abs(small.mean()));
  }

  @Test
  void wholeSetsGiveTheClosedFormOfTheUnbiasedEstimate() {
    // m = 2, d = 1: x = {0, 1}, y = {1, 2}; k(a, b) = (a b + 1)^3.
    // within x: 2 k(0,1) / 2 = 1; within y: 2 k(1,2) / 2 = 27; across: (k(0,1) + k(0,2) + k(1,1) + k(1,2)) / 4
    // = (1 + 1 + 8 + 27) / 4 = 9.25; MMD^2 = 1 + 27 - 2 * 9.25 = 9.5.
    Kid.Result r = Kid.compute(new float[][] {{0}, {1}}, new float[][] {{1}, {2}}, 3, 10, 1);
    assertEquals(9.5, r.mean(), 1e-12);
    assertEquals(0, r.std(), 1e-12);
  }
}
