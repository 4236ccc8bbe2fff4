package org.nftgen.denoise;

import com.typesafe.config.Config;
import java.io.Serializable;
import org.nftgen.config.SettingsReader;

/**
 * Snapping generated images to the collection's colours, read from {@code nftgen.denoise.palette}
 * (see {@link CollectionPalette}).
 *
 * @param mode "auto" (snap when the collection is flat) or "off"
 * @param colours the most colours a palette takes (the collection's most frequent)
 * @param coverage the share of the collection's pixels those must cover exactly for it to count as flat
 * @param maxDistance a pixel farther than this (RGB, Euclidean) from every palette colour keeps its own
 */
public record PaletteSettings(String mode, int colours, double coverage, int maxDistance) implements Serializable {

  public static PaletteSettings from(Config config) {
    SettingsReader r = new SettingsReader(config, "nftgen.denoise.palette");
    return new PaletteSettings(r.choice("mode", "auto", "off"), r.intValue("colours", 1, 4096),
        r.doubleValue("coverage", 0, 1), r.intValue("max-distance", 0, 442));
  }

  public boolean enabled() {
    return mode.equals("auto");
  }
}
