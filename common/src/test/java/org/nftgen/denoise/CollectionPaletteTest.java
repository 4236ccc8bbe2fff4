package org.nftgen.denoise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nftgen.config.ConfigLayers;
import org.nftgen.image.RgbImage;

class CollectionPaletteTest {
  private static final PaletteSettings SETTINGS = new PaletteSettings("auto", 256, 0.8, 48);
  private static final int[] INKS = {0x1E90FF, 0xF5DEB3, 0x8B4513, 0x000000, 0xFFD700};

  /** A flat "token": a background and two blocks, in colours of {@link #INKS} chosen by the seed. */
  private static RgbImage flatToken(int side, long seed) {
    Random r = new Random(seed);
    int bg = INKS[r.nextInt(INKS.length)];
    int fg = INKS[r.nextInt(INKS.length)];
    int eye = INKS[r.nextInt(INKS.length)];
    byte[] p = new byte[side * side * 3];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        int c = x > side / 4 && x < 3 * side / 4 && y > side / 3 ? fg : bg;
        if (y == side / 2 && (x == side / 3 || x == 2 * side / 3)) {
          c = eye;
        }
        put(p, y * side + x, c);
      }
    }
    return new RgbImage(side, side, p);
  }

  private static void put(byte[] p, int pixel, int c) {
    p[3 * pixel] = (byte) (c >> 16);
    p[3 * pixel + 1] = (byte) (c >> 8);
    p[3 * pixel + 2] = (byte) c;
  }

  private static RgbImage withNoise(RgbImage clean, double sigma, long seed) {
    return DenoiserTest.withNoise(clean, sigma, seed);
  }

  private static List<RgbImage> flatCollection(int n) {
    List<RgbImage> images = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      images.add(flatToken(32, i));
    }
    return images;
  }

  @Test
  void aFlatCollectionsPaletteIsItsColoursAndSnappingRemovesTheMottle() {
    CollectionPalette palette = CollectionPalette.of(flatCollection(40), SETTINGS);
    assertTrue(palette.flat());
    assertEquals(1.0, palette.coverage(), 1e-12);
    assertArrayEquals(java.util.Arrays.stream(INKS).sorted().toArray(),
        java.util.Arrays.stream(palette.colours()).sorted().toArray());
    RgbImage clean = flatToken(32, 99);
    RgbImage mottled = withNoise(clean, 8, 1);
    assertNotEquals(clean.pixelHash(), mottled.pixelHash());
    assertEquals(clean.pixelHash(), palette.snap(mottled).pixelHash(), "every mottled pixel back on its ink");
  }

  @Test
  void aPixelFartherThanTheMaximumDistanceKeepsItsColour() {
    CollectionPalette palette = CollectionPalette.of(flatCollection(40), SETTINGS);
    RgbImage image = flatToken(32, 3);
    byte[] p = image.rgb().clone();
    int blend = 0x80B0C0; // between the blue and the wheat: 60+ from every ink
    int near = 0x2498F8; // 12 from the blue
    put(p, 0, blend);
    put(p, 1, near);
    RgbImage snapped = palette.snap(new RgbImage(32, 32, p));
    assertEquals(blend, snapped.pixel(0, 0));
    assertEquals(0x1E90FF, snapped.pixel(1, 0));
  }

  @Test
  void smoothArtIsNotFlatAndTheDenoiserLeavesItsColours() {
    List<RgbImage> gradients = new ArrayList<>();
    for (int n = 0; n < 8; n++) {
      byte[] p = new byte[64 * 64 * 3];
      for (int y = 0; y < 64; y++) {
        for (int x = 0; x < 64; x++) {
          put(p, y * 64 + x, (x * 4 + n) << 16 | (y * 4) << 8 | (x + y + 7 * n));
        }
      }
      gradients.add(new RgbImage(64, 64, p));
    }
    CollectionPalette palette = CollectionPalette.of(gradients, SETTINGS);
    assertFalse(palette.flat(), "coverage " + palette.coverage());
    DenoiseSettings none = new DenoiseSettings("none", 10, 10, 7, 21);
    Denoiser denoiser = new Denoiser(none, palette, null);
    assertFalse(denoiser.snaps());
    assertEquals(gradients.get(0).pixelHash(), denoiser.denoise(gradients.get(0)).pixelHash());
    // The same settings with a flat palette snap after the (here absent) non-local means.
    Denoiser flat = new Denoiser(none, CollectionPalette.of(flatCollection(40), SETTINGS), null);
    assertTrue(flat.snaps());
    RgbImage clean = flatToken(32, 5);
    assertEquals(clean.pixelHash(), flat.denoise(withNoise(clean, 8, 2)).pixelHash());
  }

  @Test
  void histogramsOfTwoHalvesMergeIntoTheWholesAndThePaletteFollowsFrequency() {
    List<RgbImage> images = flatCollection(30);
    ColourHistogram whole = new ColourHistogram();
    ColourHistogram first = new ColourHistogram();
    ColourHistogram second = new ColourHistogram();
    for (int i = 0; i < images.size(); i++) {
      whole.add(images.get(i));
      (i < 13 ? first : second).add(images.get(i));
    }
    ColourHistogram merged = second.merge(first);
    assertEquals(whole.pixels(), merged.pixels());
    assertArrayEquals(whole.ranked(), merged.ranked());
    long[][] ranked = whole.ranked();
    for (int i = 1; i < ranked.length; i++) {
      assertTrue(ranked[i - 1][1] >= ranked[i][1], "most frequent first");
    }
    // Two colours cover less than 80%: the palette grows to the third, in frequency order.
    CollectionPalette two = CollectionPalette.of(whole, new PaletteSettings("auto", 2, 0.8, 48));
    assertEquals(2, two.size());
    assertEquals((int) ranked[0][0], two.colours()[0]);
    assertEquals((ranked[0][1] + ranked[1][1]) / (double) whole.pixels(), two.coverage(), 1e-12);
    assertEquals(two.coverage() >= 0.8, two.flat());
  }

  @Test
  void aHistogramOfMillionsOfColoursKeepsTheMostFrequent() {
    ColourHistogram h = new ColourHistogram();
    int side = 1024;
    byte[] p = new byte[side * side * 3];
    for (int i = 0; i < side * side; i++) {
      put(p, i, i < 100_000 ? 0x123456 : i); // one colour 100,000 times, the rest once each
    }
    h.add(new RgbImage(side, side, p));
    long[][] ranked = h.ranked();
    assertTrue(ranked.length <= ColourHistogram.LIMIT, ranked.length + " colours kept");
    assertEquals(0x123456, ranked[0][0]);
    assertEquals(100_000, ranked[0][1]);
    assertEquals((long) side * side, h.pixels());
  }

  @Test
  void gridSnapsOnlyPixelArtOnAGridAndAutoEveryFlatCollection() {
    CollectionPalette flat = CollectionPalette.of(flatCollection(40), SETTINGS);
    CollectionPalette smooth = CollectionPalette.of(List.of(withNoise(flatToken(32, 1), 30, 1)), SETTINGS);
    assertFalse(smooth.flat());
    List<RgbImage> sprites = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      sprites.add(org.nftgen.image.Resampler.resize(flatToken(16, i), 64, 64, org.nftgen.image.Resampler.Filter.NEAREST));
    }
    PixelGrid onGrid = PixelGrid.detect(sprites, new PixelGridSettings("auto", 0.995));
    PixelGrid offGrid = PixelGrid.detect(List.of(withNoise(flatToken(64, 1), 20, 1)), new PixelGridSettings("auto", 0.995));
    assertTrue(onGrid.found());
    assertFalse(offGrid.found());
    PaletteSettings grid = new PaletteSettings("grid", 256, 0.8, 48);
    PaletteSettings auto = new PaletteSettings("auto", 256, 0.8, 48);
    PaletteSettings off = new PaletteSettings("off", 256, 0.8, 48);
    assertSame(flat, grid.applied(flat, onGrid));
    assertNull(grid.applied(flat, offGrid));
    assertNull(grid.applied(flat, null));
    assertSame(flat, auto.applied(flat, offGrid));
    assertSame(flat, auto.applied(flat, null));
    assertNull(off.applied(flat, onGrid));
    assertNull(grid.applied(smooth, onGrid), "a palette that is not flat is never snapped to");
    assertNull(auto.applied(smooth, null));
  }

  @Test
  void settingsComeFromTheDenoiseSection() {
    PaletteSettings s = PaletteSettings.from(new ConfigLayers().load());
    assertEquals("grid", s.mode());
    assertTrue(s.enabled());
    assertFalse(PaletteSettings.from(new ConfigLayers().override("nftgen.denoise.palette.mode", "off", "test").load())
        .enabled());
    org.junit.jupiter.api.Assertions.assertThrows(org.nftgen.config.SettingsException.class,
        () -> PaletteSettings.from(new ConfigLayers().override("nftgen.denoise.palette.mode", "sometimes", "test").load()));
  }
}
