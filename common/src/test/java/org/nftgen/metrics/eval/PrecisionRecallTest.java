package org.nftgen.metrics.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrecisionRecallTest {

  @Test
  void identicalSetsHaveFullPrecisionAndRecall() {
    float[][] x = Samples.gaussian(200, 6, 0, 21);
    PrecisionRecall.Result r = PrecisionRecall.compute(x, x.clone(), 3);
    assertEquals(1.0, r.precision());
    assertEquals(1.0, r.recall());
  }

  @Test
  void farApartSetsHaveNone() {
    PrecisionRecall.Result r = PrecisionRecall.compute(
        Samples.gaussian(200, 6, 0, 21), Samples.gaussian(200, 6, 50, 22), 3);
    assertEquals(0.0, r.precision());
    assertEquals(0.0, r.recall());
  }

  @Test
  void aCollapsedGeneratorIsPreciseButRecallsLittle() {
    // Generated samples all near the real mean lie inside the real manifold (precision ~1) but
    // their tiny balls cover almost none of the real samples (recall ~0): mode collapse.
    float[][] real = Samples.gaussian(200, 6, 0, 21);
    float[][] collapsed = Samples.gaussian(200, 6, 0, 23);
    for (float[] row : collapsed) {
      for (int j = 0; j < row.length; j++) {
        row[j] *= 0.05f;
      }
    }
    PrecisionRecall.Result r = PrecisionRecall.compute(real, collapsed, 3);
    System.out.printf("collapsed: precision %.3f recall %.3f%n", r.precision(), r.recall());
    assertTrue(r.precision() > 0.95, "precision " + r.precision());
    assertTrue(r.recall() < 0.1, "recall " + r.recall());
  }

  @Test
  void kthNeighbourSkipsTheSampleItself() {
    // Points 0, 1, 3, 7 on a line: nearest others of 0 are 1, 3, 7 (squared 1, 9, 49).
    double[] radii = PrecisionRecall.kthNeighbour(new double[][] {{0}, {1}, {3}, {7}}, 2);
    assertEquals(9, radii[0], 1e-12); // 2nd nearest of 0 is 3
    assertEquals(4, radii[1], 1e-12); // of 1: 0 (1), 3 (4)
    assertEquals(9, radii[2], 1e-12); // of 3: 1 (4), 0 (9)
    assertEquals(36, radii[3], 1e-12); // of 7: 3 (16), 1 (36)
  }
}
