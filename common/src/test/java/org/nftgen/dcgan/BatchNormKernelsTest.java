package org.nftgen.dcgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fused batch norm's branch-free loops against the plain definitions they replace, on lengths
 * that are not multiples of the four partial sums and on every kind of slope.
 */
class BatchNormKernelsTest {
  private static double[] values(int m, long seed) {
    Random random = new Random(seed);
    double[] v = new double[m];
    for (int i = 0; i < m; i++) {
      v[i] = random.nextGaussian();
    }
    return v;
  }

  @Test
  void activationIsTheLeakyRectifierForEverySlope() {
    for (double slope : new double[] {0, 0.2, 1, 1.5}) {
      double[] v = values(37, 1);
      double[] expected = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        double u = 0.7 * v[i] - 0.1;
        expected[i] = u > 0 ? u : slope * u;
      }
      BatchNormActivation.activate(v, v.length, 0.7, -0.1, slope);
      assertArrayEquals(expected, v, 1e-15, "slope " + slope);
    }
  }

  @Test
  void activationGradientTakesTheSlopeWherePreActivationIsNegative() {
    for (double slope : new double[] {0, 0.2, 1, 1.5}) {
      double[] x = values(37, 2);
      double[] g = values(37, 3);
      double[] expected = new double[g.length];
      for (int i = 0; i < g.length; i++) {
        expected[i] = 0.7 * x[i] - 0.1 > 0 ? g[i] : slope * g[i];
      }
      BatchNormActivation.activationGradient(g, x, g.length, 0.7, -0.1, slope);
      assertArrayEquals(expected, g, 1e-15, "slope " + slope);
    }
  }

  @Test
  void partialSumsAddUpToTheSums() {
    for (int m : new int[] {1, 3, 4, 37}) {
      double[] v = values(m, 4);
      double[] x = values(m, 5);
      double sum = 0;
      double squares = 0;
      double products = 0;
      for (int i = 0; i < m; i++) {
        sum += v[i];
        squares += v[i] * v[i];
        products += v[i] * x[i];
      }
      double[] got = BatchNormActivation.sumAndProducts(v, v, m);
      assertEquals(sum, got[0], 1e-12, "sum of " + m);
      assertEquals(squares, got[1], 1e-12, "squares of " + m);
      double[] withX = BatchNormActivation.sumAndProducts(v, x, m);
      assertEquals(sum, withX[0], 1e-12, "sum of " + m);
      assertEquals(products, withX[1], 1e-12, "products of " + m);
    }
  }
}
