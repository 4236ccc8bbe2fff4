package org.nftgen.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nftgen.config.SettingsException;
import org.nftgen.image.RgbImage;

class ImagePreparerTest {

  /** A 24 px sprite of four exact colours in 3x3 cells, like a punk's face on a flat background. */
  private static RgbImage sprite() {
    int[] colours = {0x638596, 0xDBB180, 0x000000, 0xC0392B};
    byte[] rgb = new byte[24 * 24 * 3];
    for (int y = 0; y < 24; y++) {
      for (int x = 0; x < 24; x++) {
        int c = colours[(x / 3 + 2 * (y / 3)) % 4];
        put(rgb, (y * 24 + x) * 3, c);
      }
    }
    return new RgbImage(24, 24, rgb);
  }

  /** A 24 px image of smooth noise-free gradients: hundreds of distinct colours. */
  private static RgbImage shaded() {
    byte[] rgb = new byte[24 * 24 * 3];
    Random random = new Random(3);
    for (int i = 0; i < 24 * 24; i++) {
      put(rgb, i * 3, random.nextInt(1 << 24));
    }
    return new RgbImage(24, 24, rgb);
  }

  private static void put(byte[] rgb, int o, int c) {
    rgb[o] = (byte) (c >> 16);
    rgb[o + 1] = (byte) (c >> 8);
    rgb[o + 2] = (byte) c;
  }

  private static PrepareSettings settings(String upscaleFilter) {
    Config config = ConfigFactory.parseString("nftgen.prepare { input = \"in\", output = \"out\", resolutions = [64, 16] }")
        .withValue("nftgen.prepare.upscale-filter", ConfigValueFactory.fromAnyRef(upscaleFilter))
        .withFallback(ConfigFactory.defaultReference()).resolve();
    return PrepareSettings.from(config);
  }

  private static Set<Integer> colours(byte[] rgb) {
    Set<Integer> seen = new HashSet<>();
    for (int o = 0; o < rgb.length; o += 3) {
      seen.add((rgb[o] & 255) << 16 | (rgb[o + 1] & 255) << 8 | (rgb[o + 2] & 255));
    }
    return seen;
  }

  @Test
  void pixelArtIsEnlargedToCrispBlocksOfItsOwnColours() {
    RgbImage sprite = sprite();
    byte[] enlarged = new ImagePreparer(settings("auto")).prepare(sprite).get(64);
    assertEquals(colours(sprite.rgb()), colours(enlarged), "auto enlarges a sprite without inventing colours");
    // Nearest neighbour: each output pixel is the source pixel under its centre.
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        int sx = (int) ((x + 0.5) * 24 / 64);
        int sy = (int) ((y + 0.5) * 24 / 64);
        int o = (y * 64 + x) * 3;
        int got = (enlarged[o] & 255) << 16 | (enlarged[o + 1] & 255) << 8 | (enlarged[o + 2] & 255);
        assertEquals(sprite.pixel(sx, sy), got, "pixel " + x + "," + y);
      }
    }
    byte[] bicubic = new ImagePreparer(settings("bicubic")).prepare(sprite).get(64);
    assertTrue(colours(bicubic).size() > 4 * colours(sprite.rgb()).size(),
        "bicubic, the old default, invents edge colours: " + colours(bicubic).size());
  }

  @Test
  void everythingElseIsEnlargedBicubicallyAndShrinkingIsUnchanged() {
    RgbImage shaded = shaded();
    PrepareSettings auto = settings("auto");
    PrepareSettings bicubic = settings("bicubic");
    assertEquals(List.of(64, 16), List.copyOf(new ImagePreparer(auto).prepare(shaded).keySet()));
    assertTrue(java.util.Arrays.equals(new ImagePreparer(bicubic).prepare(shaded).get(64),
        new ImagePreparer(auto).prepare(shaded).get(64)), "a shaded source is enlarged bicubically");
    assertTrue(java.util.Arrays.equals(new ImagePreparer(bicubic).prepare(sprite()).get(16),
        new ImagePreparer(auto).prepare(sprite()).get(16)), "shrinking uses downscale-filter whatever upscale-filter says");
  }

  @Test
  void theColourLimitDecidesWhatCountsAsPixelArt() {
    assertTrue(UpscaleFilter.isPixelArt(sprite(), 4));
    assertTrue(!UpscaleFilter.isPixelArt(sprite(), 3));
    assertTrue(!UpscaleFilter.isPixelArt(shaded(), 64));
  }

  @Test
  void anUnknownFilterIsRefusedNamingTheKey() {
    SettingsException e = org.junit.jupiter.api.Assertions.assertThrows(SettingsException.class, () -> settings("lanczos"));
    assertTrue(e.getMessage().contains("nftgen.prepare.upscale-filter"), e.getMessage());
  }
}
