package org.nftgen.denoise;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_photo;
import org.bytedeco.opencv.opencv_core.Mat;
import org.nftgen.image.RgbImage;

/**
 * OpenCV's {@code fastNlMeansDenoisingColored} (non-local means on the luminance and colour
 * channels of CIELAB), from the OpenCV build the DL4J dependencies already bring (org.bytedeco).
 * OpenCV reads colour images as BGR, so channels are swapped on the way in and out. With a flat
 * collection's palette, each denoised image is then snapped to its colours ({@link CollectionPalette}).
 * Pixel art on a grid ({@link PixelGrid}) is averaged onto its grid instead of the non-local means,
 * which would blur across the cells' edges, and then snapped cell by cell.
 */
public final class Denoiser {
  private final DenoiseSettings settings;
  /** The collection's palette when it is flat and snapping is on, else null. */
  private final CollectionPalette palette;
  /** The collection's pixel grid when one was found, else null. */
  private final PixelGrid grid;

  public Denoiser(DenoiseSettings settings) {
    this(settings, null, null);
  }

  /**
   * {@code palette}: snapped to after the non-local means when it is flat; null or not flat: no
   * snapping. {@code grid}: averaged onto instead of the non-local means when found; null or not
   * found: none.
   */
  public Denoiser(DenoiseSettings settings, CollectionPalette palette, PixelGrid grid) {
    this.settings = settings;
    this.palette = palette != null && palette.flat() ? palette : null;
    this.grid = grid != null && grid.found() ? grid : null;
  }

  /** Whether images are snapped to a palette after the non-local means. */
  public boolean snaps() {
    return palette != null;
  }

  /** Whether images are averaged onto the collection's pixel grid (instead of the non-local means). */
  public boolean onGrid() {
    return grid != null;
  }

  public RgbImage denoise(RgbImage image) {
    if (grid != null) {
      return grid.snap(image, palette);
    }
    RgbImage cleaned = nonLocalMeans(image);
    return palette == null ? cleaned : palette.snap(cleaned);
  }

  private RgbImage nonLocalMeans(RgbImage image) {
    if (settings.method().equals("none")) {
      return image;
    }
    byte[] bgr = swapRedBlue(image.rgb());
    try (Mat src = new Mat(image.height(), image.width(), opencv_core.CV_8UC3);
        Mat dst = new Mat()) {
      src.data().put(bgr);
      opencv_photo.fastNlMeansDenoisingColored(src, dst, (float) settings.h(), (float) settings.hColor(),
          settings.templateWindow(), settings.searchWindow());
      byte[] out = new byte[bgr.length];
      BytePointer data = dst.data();
      data.get(out);
      return new RgbImage(image.width(), image.height(), swapRedBlue(out));
    }
  }

  private static byte[] swapRedBlue(byte[] pixels) {
    byte[] out = pixels.clone();
    for (int i = 0; i < out.length; i += 3) {
      out[i] = pixels[i + 2];
      out[i + 2] = pixels[i];
    }
    return out;
  }
}
