package org.nftgen.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ResamplerTest {
  private static RgbImage grey(int w, int h, int... values) {
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < w * h; i++) {
      rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = (byte) values[i];
    }
    return new RgbImage(w, h, rgb);
  }

  @Test
  void areaShrinkIsTheExactMeanOfEachBlock() {
    RgbImage src = grey(4, 2,
        0, 100, 10, 20,
        40, 60, 30, 40);
    RgbImage out = Resampler.resize(src, 2, 1, Resampler.Filter.AREA);
    assertEquals(50, out.red(0, 0)); // (0 + 100 + 40 + 60) / 4
    assertEquals(25, out.red(1, 0)); // (10 + 20 + 30 + 40) / 4
  }

  @Test
  void areaShrinkByAFractionWeighsPartialPixels() {
    // 3 -> 2: output 0 covers source [0, 1.5): (1 x 0 + 0.5 x 90) / 1.5 = 30.
    RgbImage out = Resampler.resize(grey(3, 1, 0, 90, 180), 2, 1, Resampler.Filter.AREA);
    assertEquals(30, out.red(0, 0));
    assertEquals(150, out.red(1, 0)); // (0.5 x 90 + 1 x 180) / 1.5
  }

  @Test
  void bicubicKeepsFlatImagesFlatAndInterpolatesRamps() {
    int[] flat = new int[16];
    java.util.Arrays.fill(flat, 77);
    RgbImage up = Resampler.resize(grey(4, 4, flat), 9, 9, Resampler.Filter.BICUBIC);
    for (int y = 0; y < 9; y++) {
      for (int x = 0; x < 9; x++) {
        assertEquals(77, up.red(x, y));
      }
    }
    RgbImage ramp = Resampler.resize(grey(4, 1, 0, 60, 120, 180), 8, 1, Resampler.Filter.BICUBIC);
    // Output 3 sits at source x = 1.25 on a linear ramp, which Catmull-Rom reproduces: 60 x 1.25 = 75.
    assertEquals(75, ramp.red(3, 0));
  }

  @Test
  void nearestBlowsPixelsUpIntoBlocks() {
    RgbImage out = Resampler.resize(grey(2, 2, 10, 20, 30, 40), 4, 4, Resampler.Filter.NEAREST);
    assertEquals(10, out.red(1, 1));
    assertEquals(20, out.red(2, 0));
    assertEquals(30, out.red(0, 3));
    assertEquals(40, out.red(3, 3));
  }

  @Test
  void centerCropTakesTheMiddleSquare() {
    RgbImage wide = grey(4, 2, 1, 2, 3, 4, 5, 6, 7, 8);
    RgbImage square = Resampler.centerCrop(wide);
    assertEquals(2, square.width());
    assertEquals(2, square.red(0, 0));
    assertEquals(7, square.red(1, 1));
    RgbImage already = grey(2, 2, 1, 2, 3, 4);
    assertSame(already, Resampler.centerCrop(already));
  }
}
