package org.nftgen.metrics;

import org.nftgen.data.RgbImage;

/** Full-reference image quality: PSNR over all RGB samples (8-bit, peak 255). */
public final class ImageQuality {
  private ImageQuality() {}

  /** Peak signal-to-noise ratio in dB; infinite for identical images. */
  public static double psnr(RgbImage a, RgbImage b) {
    if (a.width() != b.width() || a.height() != b.height()) {
      throw new IllegalArgumentException("PSNR of different sizes: " + a.width() + "x" + a.height() + " vs "
          + b.width() + "x" + b.height());
    }
    double sum = 0;
    byte[] x = a.rgb();
    byte[] y = b.rgb();
    for (int i = 0; i < x.length; i++) {
      double d = (x[i] & 255) - (y[i] & 255);
      sum += d * d;
    }
    double mse = sum / x.length;
    return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
  }
}
