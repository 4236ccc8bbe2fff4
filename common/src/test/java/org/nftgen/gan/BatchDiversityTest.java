package org.nftgen.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BatchDiversityTest {
  private static INDArray noise(int n, long seed) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.rand(DataType.FLOAT, n, 3, 8, 8).muli(2).subi(1);
  }

  @Test
  void aCollapsedBatchScoresZeroAndAnotherDrawOfTheSameKindScoresAboutOne() {
    INDArray reals = noise(16, 1);
    INDArray collapsed = Nd4j.concat(0, java.util.Collections.nCopies(16, noise(1, 2)).toArray(new INDArray[0]));
    assertEquals(0, BatchDiversity.ratio(collapsed, reals), 1e-6);
    double alike = BatchDiversity.ratio(noise(16, 3), reals);
    assertTrue(Math.abs(alike - 1) < 0.05, "another draw of the same noise: " + alike);
    // Half the spread, half the distances.
    assertEquals(0.5, BatchDiversity.ratio(reals.mul(0.5), reals), 1e-6);
  }

  @Test
  void theMeanPairwiseDistanceIsThatOfThePairs() {
    INDArray three = Nd4j.createFromArray(new float[][] {{0, 0}, {3, 4}, {6, 8}});
    assertEquals((5 + 10 + 5) / 3.0, BatchDiversity.meanPairwiseDistance(three), 1e-9);
    assertThrows(IllegalArgumentException.class, () -> BatchDiversity.meanPairwiseDistance(three.getRow(0, true)));
  }
}
