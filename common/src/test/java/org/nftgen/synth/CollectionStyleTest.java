package org.nftgen.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nftgen.image.PngCodec;

class CollectionStyleTest {

  @ParameterizedTest
  @ValueSource(strings = {"apes", "punks"})
  void catalogueHasEnoughTraitsValuesAndBackgrounds(String name) {
    CollectionStyle style = CollectionStyle.named(name);
    assertTrue(style.traits().size() >= 6, "trait types: " + style.traits().size());
    for (Trait t : style.traits()) {
      assertTrue(t.values().size() >= 4, t.type() + " has " + t.values().size() + " values");
      assertTrue(t.values().stream().allMatch(v -> v.weight() > 0), t.type());
    }
    Trait background = style.traits().get(0);
    assertEquals("Background", background.type());
    assertTrue(background.values().stream().map(Trait.Value::rgb).distinct().count() >= 6);
  }

  @ParameterizedTest
  @ValueSource(strings = {"apes", "punks"})
  void aTokenIsAPureFunctionOfSeedAndId(String name) {
    CollectionStyle style = CollectionStyle.named(name);
    byte[] first = PngCodec.encode(style.draw(style.roll(11, 5, 0), 128));
    byte[] again = PngCodec.encode(CollectionStyle.named(name).draw(style.roll(11, 5, 0), 128));
    assertArrayEquals(first, again);
    assertFalse(java.util.Arrays.equals(first, PngCodec.encode(style.draw(style.roll(12, 5, 0), 128))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"apes", "punks"})
  void theTopAndSideBordersAreTheSolidBackground(String name) {
    CollectionStyle style = CollectionStyle.named(name);
    for (long id = 0; id < 200; id++) {
      Token token = style.roll(3, id, 0);
      BufferedImage image = style.draw(token, 256);
      int background = token.trait("Background").rgb();
      for (int i = 0; i < 256; i++) {
        assertEquals(background, image.getRGB(i, 0) & 0xFFFFFF, name + " token " + id + " top x=" + i);
        assertEquals(background, image.getRGB(0, i) & 0xFFFFFF, name + " token " + id + " left y=" + i);
        assertEquals(background, image.getRGB(255, i) & 0xFFFFFF, name + " token " + id + " right y=" + i);
      }
    }
  }

  @Test
  void rarityWeightsShowInTheDraws() {
    CollectionStyle apes = CollectionStyle.named("apes");
    int noHat = 0;
    int crown = 0;
    for (long id = 0; id < 4000; id++) {
      String hat = apes.roll(1, id, 0).trait("Hat").name();
      noHat += hat.equals("None") ? 1 : 0;
      crown += hat.equals("Crown") ? 1 : 0;
    }
    // Weights 30 and 4 of 80: expected 1500 and 200.
    assertTrue(noHat > 1350 && noHat < 1650, "None: " + noHat);
    assertTrue(crown > 140 && crown < 260, "Crown: " + crown);
  }

  @Test
  void punksArePixelArtAndApesAreSmooth() {
    // Measured over tokens 0-199 of seed 9: punks use 5 to 14 colours, apes (anti-aliased) 388 to 789.
    for (long id = 0; id < 50; id++) {
      int punkColours = distinctColours(CollectionStyle.named("punks"), id);
      int apeColours = distinctColours(CollectionStyle.named("apes"), id);
      assertTrue(punkColours <= 20, "punk " + id + " colours " + punkColours);
      assertTrue(apeColours >= 300, "ape " + id + " colours " + apeColours);
    }
  }

  private static int distinctColours(CollectionStyle style, long id) {
    BufferedImage image = style.draw(style.roll(9, id, 0), 256);
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < 256; y++) {
      for (int x = 0; x < 256; x++) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }

  @Test
  void planGivesEveryTokenDistinctTraitsAndKeepsEarlyTokensStable() {
    CollectionStyle punks = CollectionStyle.named("punks");
    CollectionPlan plan = CollectionPlan.of(punks, 2, 3000);
    Set<List<String>> seen = new HashSet<>();
    for (long id = 0; id < 3000; id++) {
      assertTrue(seen.add(plan.token(id).traits().values().stream().map(Trait.Value::name).toList()), "token " + id);
    }
    assertTrue(plan.redrawn() > 0, "3000 punks should need some re-draws");
    CollectionPlan smaller = CollectionPlan.of(punks, 2, 1000);
    for (long id = 0; id < 1000; id++) {
      assertEquals(plan.token(id), smaller.token(id));
    }
    assertThrows(IndexOutOfBoundsException.class, () -> smaller.token(1000));
  }

  @Test
  void unknownStyleIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CollectionStyle.named("kitties"));
    assertTrue(e.getMessage().contains("kitties") && e.getMessage().contains("apes"));
  }
}
