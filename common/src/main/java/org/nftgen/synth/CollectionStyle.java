package org.nftgen.synth;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A style of trait-layered collection: its trait catalogue and how a token's layers are drawn.
 * Token {@code i} of a style is a pure function of (seed, style, i), so any executor can draw any
 * token and re-runs give identical bytes.
 */
public interface CollectionStyle {

  /** The style's name as used in config ({@code nftgen.synth.style}). */
  String name();

  /** Human-readable collection name for token metadata. */
  String collectionName();

  /** The trait types in layer order, background first. */
  List<Trait> traits();

  /** Draws the token as an opaque RGB image of {@code size} x {@code size} pixels. */
  BufferedImage draw(Token token, int size);

  /**
   * Chooses a token's traits. {@code attempt} > 0 re-rolls a token whose first draw repeated an
   * earlier token's traits (see {@link CollectionPlan}).
   */
  default Token roll(long seed, long id, int attempt) {
    SplittableRandom random = random(seed, id);
    for (int i = 0; i < attempt; i++) {
      random = random.split();
    }
    Map<String, Trait.Value> chosen = new LinkedHashMap<>();
    for (Trait t : traits()) {
      chosen.put(t.type(), t.pick(random));
    }
    return new Token(id, chosen);
  }

  /** The random stream of one token; independent of every other token's. */
  default SplittableRandom random(long seed, long id) {
    long mixed = seed * 0x9E3779B97F4A7C15L ^ name().hashCode() * 0xC2B2AE3D27D4EB4FL ^ id;
    return new SplittableRandom(mixed);
  }

  static CollectionStyle named(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "apes":
        return new ApeStyle();
      case "punks":
        return new PunkStyle();
      default:
        throw new IllegalArgumentException("unknown style '" + name + "'; known: " + String.join(", ", NAMES));
    }
  }

  List<String> NAMES = List.of("apes", "punks");
}
