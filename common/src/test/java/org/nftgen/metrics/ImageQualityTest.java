package org.nftgen.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nftgen.image.RgbImage;

/**
 * PSNR and SSIM against values computed independently: analytic cases, and a fixed image pair
 * whose expected numbers came from a direct NumPy implementation of the same protocol (a plain
 * 2-D 11x11 Gaussian window, sigma 1.5, "valid" positions, mean over RGB channels), run once:
 *
 * <pre>
 * a[y, x, c] = (7x + 13y + 50c) mod 256;  b = round(clip(a + ((x * y) mod 17 - 8) * (1, 2, 3)[c], 0, 255))
 * ssim(a, b, border 0) = 0.9398202438609182,  ssim(a, b, border 4) = 0.9236059648894998
 * psnr(a, b, border 0) = 27.398944200091485,  psnr(a, b, border 4) = 27.65305379959007
 * </pre>
 */
class ImageQualityTest {
  private static RgbImage pattern(boolean perturbed) {
    byte[] rgb = new byte[32 * 32 * 3];
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        for (int c = 0; c < 3; c++) {
          int v = (x * 7 + y * 13 + c * 50) % 256;
          if (perturbed) {
            v = Math.max(0, Math.min(255, v + ((x * y) % 17 - 8) * (c + 1)));
          }
          rgb[(y * 32 + x) * 3 + c] = (byte) v;
        }
      }
    }
    return new RgbImage(32, 32, rgb);
  }

  private static RgbImage flat(int value) {
    byte[] rgb = new byte[16 * 16 * 3];
    java.util.Arrays.fill(rgb, (byte) value);
    return new RgbImage(16, 16, rgb);
  }

  @Test
  void matchesTheIndependentNumpyValues() {
    RgbImage a = pattern(false);
    RgbImage b = pattern(true);
    assertEquals(0.9398202438609182, ImageQuality.ssim(a, b, 0), 1e-9);
    assertEquals(0.9236059648894998, ImageQuality.ssim(a, b, 4), 1e-9);
    assertEquals(27.398944200091485, ImageQuality.psnr(a, b, 0), 1e-9);
    assertEquals(27.65305379959007, ImageQuality.psnr(a, b, 4), 1e-9);
  }

  @Test
  void analyticCases() {
    RgbImage a = pattern(false);
    assertEquals(1.0, ImageQuality.ssim(a, a, 2), 1e-12);
    assertEquals(Double.POSITIVE_INFINITY, ImageQuality.psnr(a, a, 2));
    // Flat images: no variance, so SSIM is the luminance term (2ab + C1) / (a^2 + b^2 + C1).
    double c1 = Math.pow(0.01 * 255, 2);
    assertEquals((2.0 * 100 * 120 + c1) / (100.0 * 100 + 120 * 120 + c1), ImageQuality.ssim(flat(100), flat(120), 0),
        1e-12);
    // A uniform error of 20 levels: MSE 400.
    assertEquals(10 * Math.log10(255.0 * 255 / 400), ImageQuality.psnr(flat(100), flat(120), 1), 1e-12);
  }

  @Test
  void refusesImagesTooSmallForTheWindow() {
    assertThrows(IllegalArgumentException.class, () -> ImageQuality.ssim(flat(1), flat(2), 3));
  }
}
