package org.nftgen.data;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nftgen.image.Resampler;
import org.nftgen.image.RgbImage;

/**
 * Turns one decoded image into the training copies the dataset stores: centre-cropped to a square
 * and resized to each configured resolution, shrinking by {@code downscale-filter} and enlarging
 * (small sources such as 24 px punks) by {@code upscale-filter}.
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
    for (int size : settings.resolutions()) {
      Resampler.Filter filter = size < square.width() ? settings.downscaleFilter() : settings.upscaleFilter();
      copies.put(size, Resampler.resize(square, size, size, filter).rgb());
    }
    return copies;
  }
}
