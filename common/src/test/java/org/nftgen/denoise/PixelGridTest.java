package org.nftgen.denoise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nftgen.config.ConfigLayers;
import org.nftgen.image.Resampler;
import org.nftgen.image.RgbImage;

class PixelGridTest {
  private static final PixelGridSettings AUTO = new PixelGridSettings("auto", 0.995);
  private static final int[] INKS = {0x638596, 0xDBB180, 0x000000, 0xC0392B, 0xE5B93A, 0x2E6FD1};

  /** A sprite of {@code cells} x {@code cells}: a background, a head and two eyes in colours of {@link #INKS}. */
  private static RgbImage sprite(int cells, long seed) {
    Random r = new Random(seed);
    int bg = INKS[r.nextInt(INKS.length)];
    int head = INKS[r.nextInt(INKS.length)];
    int eye = INKS[r.nextInt(INKS.length)];
    int left = 1 + r.nextInt(cells / 4);
    byte[] p = new byte[cells * cells * 3];
    for (int y = 0; y < cells; y++) {
      for (int x = 0; x < cells; x++) {
        int c = x >= left && x < left + cells / 2 && y >= cells / 3 ? head : bg;
        if (y == cells / 2 && (x == left + 1 || x == left + 3)) {
          c = eye;
        }
        p[3 * (y * cells + x)] = (byte) (c >> 16);
        p[3 * (y * cells + x) + 1] = (byte) (c >> 8);
        p[3 * (y * cells + x) + 2] = (byte) c;
      }
    }
    return new RgbImage(cells, cells, p);
  }

  private static List<RgbImage> collection(int cells, int side, Resampler.Filter enlarge) {
    List<RgbImage> images = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      images.add(Resampler.resize(sprite(cells, i), side, side, enlarge));
    }
    return images;
  }

  @Test
  void findsTheGridOfPixelArtEnlargedByWholeAndFractionalFactors() {
    PixelGrid punks = PixelGrid.detect(collection(24, 64, Resampler.Filter.NEAREST), AUTO);
    assertTrue(punks.found());
    assertEquals(24, punks.cells(), "24 cells at 64 px: blocks of 2 and 3 pixels");
    assertEquals(32, PixelGrid.detect(collection(32, 64, Resampler.Filter.NEAREST), AUTO).cells());
    assertEquals(16, PixelGrid.detect(collection(16, 64, Resampler.Filter.NEAREST), AUTO).cells());
  }

  @Test
  void findsNoGridInSmoothOrAntialiasedArt() {
    PixelGrid bicubic = PixelGrid.detect(collection(24, 64, Resampler.Filter.BICUBIC), AUTO);
    assertFalse(bicubic.found(), "bicubic edges fall between cells: share " + bicubic.describe());
    List<RgbImage> smooth = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      smooth.add(DenoiserTest.withNoise(Resampler.resize(sprite(24, i), 64, 64, Resampler.Filter.BICUBIC), 3, i));
    }
    assertFalse(PixelGrid.detect(smooth, AUTO).found());
  }

  @Test
  void averagingOntoTheGridPaintsEachCellOneColourAndWithThePaletteRestoresTheSprite() {
    List<RgbImage> training = collection(24, 64, Resampler.Filter.NEAREST);
    PixelGrid grid = PixelGrid.detect(training, AUTO);
    CollectionPalette palette = CollectionPalette.of(training, new PaletteSettings("auto", 256, 0.8, 48));
    RgbImage clean = Resampler.resize(sprite(24, 1000), 64, 64, Resampler.Filter.NEAREST);
    RgbImage noisy = DenoiserTest.withNoise(clean, 12, 7);

    RgbImage averaged = grid.snap(noisy, null);
    assertEquals(1.0, PixelGrid.reproducedShare(List.of(averaged), 24), "every cell is one colour");
    int worst = 0;
    for (int i = 0; i < clean.rgb().length; i++) {
      worst = Math.max(worst, Math.abs((clean.rgb()[i] & 255) - (averaged.rgb()[i] & 255)));
    }
    assertTrue(worst <= 20, "a cell's mean is near its colour, worst channel off by " + worst);
    assertArrayEquals(clean.rgb(), grid.snap(noisy, palette).rgb(), "cells snapped to the palette: the sprite itself");

    // The grid holds at any size: 256 px images of the same sprite have the same 24 cells.
    RgbImage big = Resampler.resize(sprite(24, 1000), 256, 256, Resampler.Filter.NEAREST);
    assertArrayEquals(big.rgb(), grid.snap(DenoiserTest.withNoise(big, 12, 8), palette).rgb());
  }

  @Test
  void theDenoiserAveragesOntoAFoundGridInsteadOfTheNonLocalMeans() {
    List<RgbImage> training = collection(24, 64, Resampler.Filter.NEAREST);
    DenoiseSettings nlmeans = DenoiseSettings.from(new ConfigLayers().load());
    RgbImage noisy = DenoiserTest.withNoise(training.get(3), 12, 9);
    Denoiser onGrid = new Denoiser(nlmeans, null, PixelGrid.detect(training, AUTO));
    assertTrue(onGrid.onGrid());
    assertArrayEquals(PixelGrid.detect(training, AUTO).snap(noisy, null).rgb(), onGrid.denoise(noisy).rgb());
    Denoiser smooth = new Denoiser(nlmeans, null,
        PixelGrid.detect(collection(24, 64, Resampler.Filter.BICUBIC), AUTO));
    assertFalse(smooth.onGrid(), "no grid found: the non-local means as before");
  }
}
