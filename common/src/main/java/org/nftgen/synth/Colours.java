package org.nftgen.synth;

import java.awt.Color;

/** Small colour arithmetic for drawing layers (shadows, highlights, muzzles). */
final class Colours {
  private Colours() {}

  static Color rgb(int rgb) {
    return new Color(rgb);
  }

  /** Scales each channel by {@code factor} (below 1 darkens, above 1 lightens), clamped. */
  static Color shade(int rgb, double factor) {
    return new Color(clamp(((rgb >> 16) & 255) * factor), clamp(((rgb >> 8) & 255) * factor),
        clamp((rgb & 255) * factor));
  }

  /** Linear mix: {@code t} = 0 gives {@code a}, 1 gives {@code b}. */
  static Color mix(int a, int b, double t) {
    return new Color(
        clamp(((a >> 16) & 255) * (1 - t) + ((b >> 16) & 255) * t),
        clamp(((a >> 8) & 255) * (1 - t) + ((b >> 8) & 255) * t),
        clamp((a & 255) * (1 - t) + (b & 255) * t));
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
