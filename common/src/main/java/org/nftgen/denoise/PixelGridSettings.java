package org.nftgen.denoise;

import com.typesafe.config.Config;
import java.io.Serializable;
import org.nftgen.config.SettingsReader;

/**
 * Averaging generated pixel art onto the collection's pixel grid, read from
 * {@code nftgen.denoise.pixel-grid} (see {@link PixelGrid}).
 *
 * @param mode "auto" (when the training images are on a grid) or "off"
 * @param minShare the share of the training images' pixels a grid must reproduce exactly
 */
public record PixelGridSettings(String mode, double minShare) implements Serializable {

  public static PixelGridSettings from(Config config) {
    SettingsReader r = new SettingsReader(config, "nftgen.denoise.pixel-grid");
    return new PixelGridSettings(r.choice("mode", "auto", "off"), r.doubleValue("min-share", 0.5, 1));
  }

  public boolean enabled() {
    return mode.equals("auto");
  }
}
