package org.nftgen.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.data.TraitLabels;

class TraitConditionTest {
  /** Hat: 3 values (60/30/10 tokens); Eyes: 2 values (50/50). */
  static final TraitLabels LABELS = new TraitLabels(List.of("Hat", "Eyes"),
      Map.of("Hat", List.of("(none)", "Cap", "Fez"), "Eyes", List.of("Blue", "Green")),
      Map.of("Hat", List.of(60, 30, 10), "Eyes", List.of(50, 50)), Map.of());

  @Test
  void oneHotBlocksPerTypeAndZerosForUnknown() {
    INDArray v = TraitCondition.oneHot(LABELS, new int[][] {{2, 0}, {-1, 1}});
    assertEquals(5, TraitCondition.width(LABELS));
    assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 0, 0, 1}, v.reshape(-1).toFloatVector());
    assertThrows(IllegalArgumentException.class, () -> TraitCondition.oneHot(LABELS, new int[][] {{3, 0}}));
    assertThrows(IllegalArgumentException.class, () -> TraitCondition.oneHot(LABELS, new int[][] {{1}}));
  }

  @Test
  void drawsFollowTheRarityTableAndKeepFixedTypes() {
    int[] hats = new int[3];
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      hats[TraitCondition.draw(LABELS, i, null)[0]]++;
    }
    assertEquals(0.6, hats[0] / (double) n, 0.015);
    assertEquals(0.3, hats[1] / (double) n, 0.015);
    assertEquals(0.1, hats[2] / (double) n, 0.01);
    // Fixing Hat leaves Eyes' draw as it was for the same seed.
    for (long seed = 0; seed < 50; seed++) {
      int[] free = TraitCondition.draw(LABELS, seed, null);
      int[] fixed = TraitCondition.draw(LABELS, seed, new int[] {2, -1});
      assertEquals(2, fixed[0]);
      assertEquals(free[1], fixed[1]);
      assertArrayEquals(free, TraitCondition.draw(LABELS, seed, new int[] {-1, -1}));
    }
  }

  @Test
  void recordsCarryTheirClassesBehindThePixels() {
    byte[] pixels = {1, 2, 3, 4, 5, 6};
    byte[] record = TraitCondition.withClasses(pixels, new int[] {2, -1});
    assertEquals(10, record.length);
    assertArrayEquals(new int[] {2, -1}, TraitCondition.classes(record, 6, 2));
    assertArrayEquals(new int[] {700}, TraitCondition.classes(TraitCondition.withClasses(pixels, new int[] {700}), 6, 1));
    assertThrows(IllegalArgumentException.class, () -> TraitCondition.classes(record, 6, 1));
  }

  @Test
  void generatorInputScalesTheTraitsToTheLatentsNorm() {
    INDArray z = Nd4j.ones(1, 8, 1, 1);
    INDArray input = TraitCondition.generatorInput(z, TraitCondition.oneHot(LABELS, new int[][] {{1, 0}}), LABELS);
    assertArrayEquals(new long[] {1, 13, 1, 1}, input.shape());
    assertEquals(2.0, input.getDouble(0, 9, 0, 0), 1e-6); // sqrt(8 / 2 types)
    assertEquals(0.0, input.getDouble(0, 8, 0, 0), 1e-6);
    assertEquals(z, TraitCondition.generatorInput(z, null, null));
  }
}
