package org.nftgen.metrics;

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
    double[][] x = channels(a, b, border);
    double[][] y = channels(b, a, border);
    double sum = 0;
    long count = 0;
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < x[c].length; i++) {
        double d = x[c][i] - y[c][i];
        sum += d * d;
      }
      count += x[c].length;
    }
    double mse = sum / count;
    return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
  }

  /** Mean SSIM of the images without {@code border} pixels on each side (the protocol above). */
  public static double ssim(RgbImage a, RgbImage b, int border) {
    double[][] x = channels(a, b, border);
    double[][] y = channels(b, a, border);
    int w = a.width() - 2 * border;
    int h = a.height() - 2 * border;
    if (w < SSIM_WINDOW || h < SSIM_WINDOW) {
      throw new IllegalArgumentException("SSIM needs at least " + SSIM_WINDOW + "x" + SSIM_WINDOW
          + " pixels after the border crop, got " + w + "x" + h);
    }
    double[] kernel = gaussian();
    double total = 0;
    for (int c = 0; c < 3; c++) {
      double[] xx = new double[x[c].length];
      double[] yy = new double[x[c].length];
      double[] xy = new double[x[c].length];
      for (int i = 0; i < xx.length; i++) {
        xx[i] = x[c][i] * x[c][i];
        yy[i] = y[c][i] * y[c][i];
        xy[i] = x[c][i] * y[c][i];
      }
      double[] mx = filterValid(x[c], w, h, kernel);
      double[] my = filterValid(y[c], w, h, kernel);
      double[] sxx = filterValid(xx, w, h, kernel);
      double[] syy = filterValid(yy, w, h, kernel);
      double[] sxy = filterValid(xy, w, h, kernel);
      double sum = 0;
      for (int i = 0; i < mx.length; i++) {
        double vx = sxx[i] - mx[i] * mx[i];
        double vy = syy[i] - my[i] * my[i];
        double cov = sxy[i] - mx[i] * my[i];
        sum += (2 * mx[i] * my[i] + C1) * (2 * cov + C2)
            / ((mx[i] * mx[i] + my[i] * my[i] + C1) * (vx + vy + C2));
      }
      total += sum / mx.length;
    }
    return total / 3;
  }

  /** The three channels of {@code a} inside the border, as doubles, row-major. */
  private static double[][] channels(RgbImage a, RgbImage b, int border) {
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
    double[][] out = new double[3][w * h];
    byte[] rgb = a.rgb();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = ((y + border) * a.width() + x + border) * 3;
        for (int c = 0; c < 3; c++) {
          out[c][y * w + x] = rgb[p + c] & 255;
        }
      }
    }
    return out;
  }

  /** The normalised 1-D Gaussian whose outer product is the SSIM window. */
  private static double[] gaussian() {
    double[] k = new double[SSIM_WINDOW];
    double sum = 0;
    for (int i = 0; i < k.length; i++) {
      double r = i - SSIM_WINDOW / 2;
      k[i] = Math.exp(-r * r / (2 * SSIM_SIGMA * SSIM_SIGMA));
      sum += k[i];
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= sum;
    }
    return k;
  }

  /** Separable filtering at every position where the window fits: (w - 10) x (h - 10) values. */
  private static double[] filterValid(double[] plane, int w, int h, double[] k) {
    int ow = w - k.length + 1;
    int oh = h - k.length + 1;
    double[] rows = new double[h * ow];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < ow; x++) {
        double s = 0;
        for (int i = 0; i < k.length; i++) {
          s += k[i] * plane[y * w + x + i];
        }
        rows[y * ow + x] = s;
      }
    }
    double[] out = new double[oh * ow];
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        double s = 0;
        for (int i = 0; i < k.length; i++) {
          s += k[i] * rows[(y + i) * ow + x];
        }
        out[y * ow + x] = s;
      }
    }
    return out;
  }
}
