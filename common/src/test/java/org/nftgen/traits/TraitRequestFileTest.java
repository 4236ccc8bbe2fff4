package org.nftgen.traits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nftgen.config.SettingsException;
import org.nftgen.data.TraitLabels;
import org.nftgen.generate.RarityPlan;

class TraitRequestFileTest {
  static final TraitLabels LABELS = new TraitLabels(List.of("Hat", "Eyes"),
      Map.of("Hat", List.of("(none)", "Cap", "Fez"), "Eyes", List.of("Blue", "Green")),
      Map.of("Hat", List.of(60, 30, 10), "Eyes", List.of(50, 50)), Map.of());

  private static List<Map<String, String>> parse(String name, String text) {
    return TraitRequestFile.parse(name, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void csvRowsAndJsonElementsAreOneRequestPerImageInOrder() {
    List<Map<String, String>> csv = parse("r.csv", "Hat,Eyes\nFez,\n,\n Cap , Green\n");
    assertEquals(List.of(Map.of("Hat", "Fez"), Map.of(), Map.of("Hat", "Cap", "Eyes", "Green")), csv);
    List<Map<String, String>> json = parse("r.JSON", "[{\"Hat\": \"Fez\"}, {},"
        + " {\"attributes\": [{\"trait_type\": \"Hat\", \"value\": \"Cap\"}, {\"trait_type\": \"Eyes\", \"value\": \"Green\"}]}]");
    assertEquals(csv, json);
    // In a one-column table an empty line asks for any value.
    assertEquals(List.of(Map.of("Hat", "Fez"), Map.of(), Map.of("Hat", "Cap")), parse("r.csv", "Hat\nFez\n\nCap\n"));
  }

  @Test
  void malformedFilesAreRefusedNamingTheFileAndTheRequest() {
    assertMessage("r.txt", "x", "The trait requests file r.txt must end in .csv or .json");
    assertMessage("r.csv", "", "has no header of trait types");
    assertMessage("r.csv", "Hat,Hat\nCap,Fez\n", "every column must name a different trait type");
    assertMessage("r.csv", "Hat\nCap,Fez\n", "Request 1 (image 0) of the trait requests file r.csv has 2 cells, the header 1");
    assertMessage("r.csv", "Hat\n", "The trait requests file r.csv has no requests");
    assertMessage("r.json", "{\"Hat\": \"Cap\"}", "must hold a JSON array, one element per image");
    assertMessage("r.json", "[{\"Hat\": \"Cap\"}, [1]]", "Request 2 (image 1) of the trait requests file r.json is not an object");
    assertMessage("r.json", "[{\"Hat\": {\"x\": 1}}]", "trait Hat must be a text value");
    assertMessage("r.json", "[{\"attributes\": {}}]", "'attributes' is not a list");
    assertMessage("r.json", "[{\"attributes\": [{\"value\": \"Cap\"}]}]", "needs a text trait_type and a value");
    assertMessage("r.json", "[{\"attributes\": [{\"trait_type\": \"Hat\", \"value\": \"Cap\"}, "
        + "{\"trait_type\": \"Hat\", \"value\": \"Fez\"}]}]", "names trait type 'Hat' twice");
    assertMessage("r.json", "[{\"Hat\": ", "The trait requests file r.json is not readable JSON");
  }

  private static void assertMessage(String name, String text, String expected) {
    SettingsException e = assertThrows(SettingsException.class, () -> parse(name, text));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void eachImageGetsItsOwnRequestOverTheBatchWideOneAndDrawsTheRest() {
    List<Map<String, String>> rows = parse("r.csv", "Hat,Eyes\nFez,\n,Green\n");
    int[][] perImage = rows.stream().map(r -> TraitRequest.resolve(r, LABELS, "x", "the generator").classes())
        .toArray(int[][]::new);
    assertArrayEquals(new int[] {2, -1}, perImage[0]);
    RarityPlan plan = new RarityPlan(LABELS, new int[] {1, 0}, perImage); // batch-wide Hat=Cap, Eyes=Blue
    for (long seed = 0; seed < 50; seed++) {
      assertArrayEquals(new int[] {2, 0}, plan.classes(0, seed)); // Fez from the row, Blue batch-wide
      assertArrayEquals(new int[] {1, 1}, plan.classes(1, seed)); // Cap batch-wide, Green from the row
    }
    RarityPlan unfixed = new RarityPlan(LABELS, new int[] {-1, -1}, perImage);
    java.util.Set<Integer> hats = new java.util.HashSet<>();
    for (long seed = 0; seed < 50; seed++) {
      assertEquals(1, unfixed.classes(1, seed)[1]);
      hats.add(unfixed.classes(1, seed)[0]);
      assertArrayEquals(unfixed.classes(1, seed), unfixed.classes(1, seed)); // a pure function of the seed
    }
    assertTrue(hats.size() > 1, hats.toString()); // the type the row leaves out is drawn
  }
}
