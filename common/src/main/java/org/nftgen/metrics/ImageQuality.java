package org.nftgen.metrics;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.nftgen.image.RgbImage;

/**
 * Full-reference image quality of 8-bit RGB images: PSNR and SSIM.
 *
 * <p>The super-resolution protocol (what {@code evaluate} reports): both measures on all three RGB
 * channels (not on luminance only, as some papers do, so numbers are not comparable with Y-channel
 * tables), after cropping {@code border} pixels (the upscaling factor) off every side, since the
 * border is where every upscaler lacks context. PSNR: peak 255, the MSE over every remaining
 * sample. SSIM (Wang et al. 2004): an 11x11 Gaussian window with sigma 1.5 (normalised), constants
 * C1 = (0.01 * 255)^2 and C2 = (0.03 * 255)^2, statistics over the "valid" window positions only
 * (no padding), the map averaged per channel and then over the channels.
 *
 * <p>Computed with OpenCV ({@code PSNR}, {@code GaussianBlur} and per-element arithmetic in double
 * precision); the valid positions are the blurred maps' interior, where the border mode plays no
 * part. OpenCV's own {@code quality::QualitySSIM} is not used: it averages over every position,
 * padding included, which is not the protocol above.
 */
public final class ImageQuality {
  /** Side of the SSIM window. */
  public static final int SSIM_WINDOW = 11;
  private static final double SSIM_SIGMA = 1.5;
  private static final double C1 = Math.pow(0.01 * 255, 2);
  private static final double C2 = Math.pow(0.03 * 255, 2);

  private ImageQuality() {}

  /** Peak signal-to-noise ratio in dB; infinite for identical images. */
  public static double psnr(RgbImage a, RgbImage b) {
    return psnr(a, b, 0);
  }

  /** PSNR in dB of the images without {@code border} pixels on each side. */
  public static double psnr(RgbImage a, RgbImage b, int border) {
    try (PointerScope scope = new PointerScope()) {
      Mat x = inside(a, b, border);
      Mat y = inside(b, a, border);
      if (opencv_core.norm(x, y, opencv_core.NORM_L1, new Mat()) == 0) {
        return Double.POSITIVE_INFINITY;
      }
      return opencv_core.PSNR(x, y, 255);
    }
  }

  /** Mean SSIM of the images without {@code border} pixels on each side (the protocol above). */
  public static double ssim(RgbImage a, RgbImage b, int border) {
    int w = a.width() - 2 * border;
    int h = a.height() - 2 * border;
    if (w < SSIM_WINDOW || h < SSIM_WINDOW) {
      throw new IllegalArgumentException("SSIM needs at least " + SSIM_WINDOW + "x" + SSIM_WINDOW
          + " pixels after the border crop, got " + w + "x" + h);
    }
    try (PointerScope scope = new PointerScope()) {
      Mat x = asDouble(inside(a, b, border));
      Mat y = asDouble(inside(b, a, border));
      // Window statistics at the positions where the whole window lies inside the image.
      Rect valid = new Rect(SSIM_WINDOW / 2, SSIM_WINDOW / 2, w - SSIM_WINDOW + 1, h - SSIM_WINDOW + 1);
      Mat mx = window(x, valid);
      Mat my = window(y, valid);
      Mat sxx = window(times(x, x), valid);
      Mat syy = window(times(y, y), valid);
      Mat sxy = window(times(x, y), valid);
      Mat mxy = times(mx, my);
      Mat squares = plus(times(mx, mx), times(my, my));
      Mat numerator = times(affine(mxy, 2, C1), affine(minus(sxy, mxy), 2, C2));
      Mat denominator = times(affine(squares, 1, C1), affine(minus(plus(sxx, syy), squares), 1, C2));
      Mat map = new Mat();
      opencv_core.divide(numerator, denominator, map);
      Scalar perChannel = opencv_core.mean(map);
      return (perChannel.get(0) + perChannel.get(1) + perChannel.get(2)) / 3;
    }
  }

  /** {@code a} inside the border as an 8-bit, 3-channel matrix (a view of a copy of its pixels). */
  private static Mat inside(RgbImage a, RgbImage b, int border) {
    if (a.width() != b.width() || a.height() != b.height()) {
      throw new IllegalArgumentException("Images of different sizes: " + a.width() + "x" + a.height() + " vs "
          + b.width() + "x" + b.height());
    }
    int w = a.width() - 2 * border;
    int h = a.height() - 2 * border;
    if (border < 0 || w <= 0 || h <= 0) {
      throw new IllegalArgumentException("A border of " + border + " px leaves nothing of " + a.width() + "x"
          + a.height());
    }
    Mat all = new Mat(a.height(), a.width(), opencv_core.CV_8UC3);
    all.data().put(a.rgb());
    return all.apply(new Rect(border, border, w, h));
  }

  private static Mat asDouble(Mat m) {
    Mat out = new Mat();
    m.convertTo(out, opencv_core.CV_64F);
    return out;
  }

  /** The Gaussian-weighted window mean at each position of {@code valid}. */
  private static Mat window(Mat m, Rect valid) {
    Mat blurred = new Mat();
    opencv_imgproc.GaussianBlur(m, blurred, new Size(SSIM_WINDOW, SSIM_WINDOW), SSIM_SIGMA, SSIM_SIGMA,
        opencv_core.BORDER_REPLICATE);
    return blurred.apply(valid);
  }

  private static Mat times(Mat a, Mat b) {
    Mat out = new Mat();
    opencv_core.multiply(a, b, out);
    return out;
  }

  private static Mat plus(Mat a, Mat b) {
    Mat out = new Mat();
    opencv_core.add(a, b, out);
    return out;
  }

  private static Mat minus(Mat a, Mat b) {
    Mat out = new Mat();
    opencv_core.subtract(a, b, out);
    return out;
  }

  /** {@code scale * m + offset}, element-wise. */
  private static Mat affine(Mat m, double scale, double offset) {
    Mat out = new Mat();
    m.convertTo(out, opencv_core.CV_64F, scale, offset);
    return out;
  }
}
