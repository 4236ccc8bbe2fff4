package org.nftgen.traits;

import org.nftgen.data.TraitLabels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nftgen.data.TraitVocabulary;

/** Rarity within a batch and the distance of its trait shares from the collection's. */
class BatchTraitsTest {
  static final TraitLabels LABELS = TraitLabels.of(TraitVocabulary.of(List.of(
      Map.of("Hat", "Fez"), Map.of("Hat", "Fez"), Map.of("Hat", "Cap"), Map.of())), 10);

  @Test
  void theRarestTokenRanksFirstAndTiesGoToTheLowerIndex() {
    BatchTraits batch = new BatchTraits(LABELS, List.of(Map.of("Hat", "Fez"), Map.of("Hat", "Cap"),
        Map.of("Hat", "Fez"), Map.of("Hat", "Fez"), Map.of()));
    // Fez 3 of 5, Cap 1 of 5, none 1 of 5: scores 5/3, 5, 5/3, 5/3, 5.
    assertEquals(5 / 3.0, batch.score(0), 1e-12);
    assertEquals(5.0, batch.score(1), 1e-12);
    assertArrayEquals(new int[] {3, 1, 4, 5, 2}, batch.ranks());
  }

  @Test
  void tvdIsHalfTheSumOfShareDifferences() {
    // Collection: Fez 0.5, Cap 0.25, none 0.25.
    assertEquals(0.0, new BatchTraits(LABELS, List.of(Map.of("Hat", "Fez"), Map.of("Hat", "Fez"),
        Map.of("Hat", "Cap"), Map.of())).tvd("Hat"), 1e-12);
    // All Fez: |1 - .5| + .25 + .25 = 1, halved.
    assertEquals(0.5, new BatchTraits(LABELS, List.of(Map.of("Hat", "Fez"), Map.of("Hat", "Fez"))).tvd("Hat"), 1e-12);
    // A value the collection never had counts fully.
    assertEquals(1.0, new BatchTraits(LABELS, List.of(Map.of("Hat", "Crown"))).tvd("Hat"), 1e-12);
  }
}
