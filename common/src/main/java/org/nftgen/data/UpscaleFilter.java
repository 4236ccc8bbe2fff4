package org.nftgen.data;

import java.io.Serializable;
import java.util.HashSet;
import java.util.Set;
import org.nftgen.image.Resampler;
import org.nftgen.image.RgbImage;

/**
 * How {@code prepare} enlarges a source smaller than a training size ({@code nftgen.prepare.upscale-filter}).
 *
 * <p>"auto" tells pixel art from the rest by its colours: a hand-placed sprite (a 24 px CryptoPunk has
 * about a dozen) uses few exact colours, where a small photo or shaded render uses hundreds. Pixel art
 * is enlarged by nearest neighbour, so every source pixel stays a crisp block of one exact colour, as
 * a collection's own viewer shows it; bicubic would turn each edge into a ramp of invented colours that
 * the generator then learns to paint, and that generate's palette test no longer recognises as flat.
 * Everything else is enlarged bicubically.
 *
 * @param fixed the one filter for every image, or null for "auto"
 * @param pixelArtColours "auto": the most distinct colours a source may have to count as pixel art
 */
public record UpscaleFilter(Resampler.Filter fixed, int pixelArtColours) implements Serializable {

  public static UpscaleFilter auto(int pixelArtColours) {
    return new UpscaleFilter(null, pixelArtColours);
  }

  public static UpscaleFilter always(Resampler.Filter filter) {
    return new UpscaleFilter(filter, 0);
  }

  /** The filter that enlarges {@code source}. */
  public Resampler.Filter filterFor(RgbImage source) {
    if (fixed != null) {
      return fixed;
    }
    return isPixelArt(source, pixelArtColours) ? Resampler.Filter.NEAREST : Resampler.Filter.BICUBIC;
  }

  /** Whether {@code image} has at most {@code maxColours} distinct RGB colours. */
  static boolean isPixelArt(RgbImage image, int maxColours) {
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        if (seen.add(image.pixel(x, y)) && seen.size() > maxColours) {
          return false;
        }
      }
    }
    return true;
  }
}
