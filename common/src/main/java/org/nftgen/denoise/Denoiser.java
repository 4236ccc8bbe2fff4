package org.nftgen.denoise;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_photo;
import org.bytedeco.opencv.opencv_core.Mat;
import org.nftgen.image.RgbImage;

/**
 * OpenCV's {@code fastNlMeansDenoisingColored} (non-local means on the luminance and colour
 * channels of CIELAB), from the OpenCV build the DL4J dependencies already bring (org.bytedeco).
 * OpenCV reads colour images as BGR, so channels are swapped on the way in and out.
 */
public final class Denoiser {
  private final DenoiseSettings settings;

  public Denoiser(DenoiseSettings settings) {
    this.settings = settings;
  }

  public RgbImage denoise(RgbImage image) {
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
