package org.nftgen.gan;

import java.util.Locale;
import org.nftgen.config.SettingsException;

/**
 * The differentiable augmentations of DiffAugment (Zhao et al. 2020) that the discriminator's
 * inputs can go through, in the order they are applied; {@code org.nftgen.gan.DiffAugment} does
 * them. Each is a per-image linear map of the pixels, so G's gradient goes back through it exactly.
 */
public enum Augmentation {
  /** Brightness (+U(-0.5, 0.5)), saturation (x U(0, 2) about the pixel's grey) and contrast (x U(0.5, 1.5) about the image mean). */
  COLOUR,
  /** A shift by up to 1/8 of the side in x and y, the edge pixels repeated into the gap. */
  TRANSLATION,
  /** A square of half the side, at a random centre (clipped at the borders), set to 0 (mid grey). */
  CUTOUT;

  /** The configuration's name: "colour", "translation", "cutout" ("color" is taken too). */
  public static Augmentation parse(String name, String key) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    return switch (n) {
      case "colour", "color" -> COLOUR;
      case "translation" -> TRANSLATION;
      case "cutout" -> CUTOUT;
      default -> throw new SettingsException("Setting '" + key + "' lists '" + name
          + "': the augmentations are colour, translation and cutout");
    };
  }

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
