package org.nftgen.data;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nftgen.image.Resampler;
import org.nftgen.image.RgbImage;

/**
 * Turns one decoded image into the training copies the dataset stores: centre-cropped to a square
 * and resized to each configured resolution, shrinking by {@code downscale-filter} and enlarging
 * (small sources such as 24 px punks) by {@code upscale-filter} ({@link UpscaleFilter}: by default
 * nearest neighbour for pixel art, bicubic for the rest).
 */
public final class ImagePreparer {
  private final PrepareSettings settings;

  public ImagePreparer(PrepareSettings settings) {
    this.settings = settings;
  }

  /** Resolution (side in pixels) to its RGB bytes, in the configured order. */
  public Map<Integer, byte[]> prepare(RgbImage image) {
    RgbImage square = Resampler.centerCrop(image);
    Map<Integer, byte[]> copies = new LinkedHashMap<>();
    Resampler.Filter enlarge = null; // decided once per image, and only if some size needs it
    for (int size : settings.resolutions()) {
      Resampler.Filter filter;
      if (size < square.width()) {
        filter = settings.downscaleFilter();
      } else {
        if (enlarge == null) {
          enlarge = settings.upscaleFilter().filterFor(square);
        }
        filter = enlarge;
      }
      copies.put(size, Resampler.resize(square, size, size, filter).rgb());
    }
    return copies;
  }
}
