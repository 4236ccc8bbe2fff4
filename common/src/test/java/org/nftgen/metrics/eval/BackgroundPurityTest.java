package org.nftgen.metrics.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nftgen.image.RgbImage;

class BackgroundPurityTest {
  private static final EvaluateSettings S = Samples.DEFAULTS;

  private static double purity(List<RgbImage> images) {
    return BackgroundPurity.fraction(images, S.borderWidth(), S.purityTolerance(), S.purityOutliers());
  }

  @Test
  void drawnTokensHaveSolidBorders() {
    assertEquals(1.0, purity(Samples.tokens("apes", 5, 0, 12, 64)));
    assertEquals(1.0, purity(Samples.tokens("punks", 5, 0, 12, 64)));
  }

  @Test
  void splitBackgroundsAreImpure() {
    List<RgbImage> split = List.of(
        Samples.split(64, 0x3A7BD5, 0xF2C14E),
        Samples.split(64, 0xFFFFFF, 0x000000),
        Samples.split(64, 0x808080, 0x80B080)); // differ by 48 in green only: beyond tolerance 24
    assertEquals(0.0, purity(split));
    List<RgbImage> mixed = new ArrayList<>(Samples.tokens("apes", 5, 0, 3, 64));
    mixed.add(split.get(0));
    assertEquals(0.75, purity(mixed));
  }

  @Test
  void speckleWithinToleranceOrUnderTheOutlierShareStaysPure() {
    RgbImage token = Samples.tokens("apes", 5, 0, 1, 64).get(0);
    byte[] rgb = token.rgb().clone();
    // +-20 levels on every top-row pixel (within tolerance 24) and 3 wild pixels (< 2% of ~500).
    for (int x = 0; x < 64; x++) {
      int i = x * 3;
      rgb[i] = (byte) Math.max(0, Math.min(255, (rgb[i] & 255) + (x % 2 == 0 ? 20 : -20)));
    }
    for (int y = 10; y < 13; y++) {
      int i = (y * 64) * 3;
      rgb[i] = (byte) ((rgb[i] & 255) ^ 0x80);
    }
    assertTrue(BackgroundPurity.isPure(new RgbImage(64, 64, rgb), 2, 24, 0.02));
    assertFalse(BackgroundPurity.isPure(new RgbImage(64, 64, rgb), 2, 10, 0.02));
    assertFalse(BackgroundPurity.isPure(new RgbImage(64, 64, rgb), 2, 24, 0.0));
  }
}
