package org.nftgen.denoise;

import com.typesafe.config.Config;
import java.io.Serializable;
import org.nftgen.config.SettingsReader;

/**
 * Snapping generated images to the collection's colours, read from {@code nftgen.denoise.palette}
 * (see {@link CollectionPalette}).
 *
 * @param mode "grid" (snap the cells of pixel art on a grid, {@link PixelGrid}), "auto" (snap whenever the
 *     collection is flat) or "off"
 * @param colours the most colours a palette takes (the collection's most frequent)
 * @param coverage the share of the collection's pixels those must cover exactly for it to count as flat
 * @param maxDistance a pixel farther than this (RGB, Euclidean) from every palette colour keeps its own
 */
public record PaletteSettings(String mode, int colours, double coverage, int maxDistance) implements Serializable {

  public static PaletteSettings from(Config config) {
    SettingsReader r = new SettingsReader(config, "nftgen.denoise.palette");
    return new PaletteSettings(r.choice("mode", "grid", "auto", "off"), r.intValue("colours", 1, 4096),
        r.doubleValue("coverage", 0, 1), r.intValue("max-distance", 0, 442));
  }

  /** Whether the collection's palette is needed at all. */
  public boolean enabled() {
    return !mode.equals("off");
  }

  /**
   * The palette images are snapped to: {@code palette} when it is flat and the mode applies (always
   * for "auto"; for "grid" only when {@code grid} was found), else null.
   */
  public CollectionPalette applied(CollectionPalette palette, PixelGrid grid) {
    if (palette == null || !palette.flat()) {
      return null;
    }
    return switch (mode) {
      case "auto" -> palette;
      case "grid" -> grid != null && grid.found() ? palette : null;
      default -> null;
    };
  }
}
