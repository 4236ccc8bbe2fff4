package org.nftgen.denoise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nftgen.config.ConfigLayers;
import org.nftgen.config.SettingsException;
import org.nftgen.data.ImageDecoder;
import org.nftgen.image.RgbImage;
import org.nftgen.metrics.ImageQuality;
import org.nftgen.synth.CollectionStyle;

class DenoiserTest {
  private static RgbImage token(int size) {
    CollectionStyle apes = CollectionStyle.named("apes");
    BufferedImage drawn = apes.draw(apes.roll(5, 3, 0), size);
    return ImageDecoder.toRgb(drawn, 0xFFFFFF);
  }

  static RgbImage withNoise(RgbImage clean, double sigma, long seed) {
    Random random = new Random(seed);
    byte[] noisy = clean.rgb().clone();
    for (int i = 0; i < noisy.length; i++) {
      noisy[i] = (byte) Math.max(0, Math.min(255, Math.round((noisy[i] & 255) + sigma * random.nextGaussian())));
    }
    return new RgbImage(clean.width(), clean.height(), noisy);
  }

  @Test
  void nonLocalMeansRemovesAddedGaussianNoise() {
    Denoiser denoiser = new Denoiser(DenoiseSettings.from(new ConfigLayers().load()));
    for (int size : new int[] {64, 256}) {
      RgbImage clean = token(size);
      RgbImage noisy = withNoise(clean, 15, 1);
      double before = ImageQuality.psnr(noisy, clean);
      double after = ImageQuality.psnr(denoiser.denoise(noisy), clean);
      assertTrue(after > before + 3, size + " px: PSNR " + before + " dB noisy, " + after + " dB denoised");
    }
  }

  @Test
  void channelsKeepTheirOrder() {
    // A flat red image has nothing to denoise: it must come back red, not blue.
    byte[] red = new byte[32 * 32 * 3];
    for (int i = 0; i < red.length; i += 3) {
      red[i] = (byte) 200;
    }
    RgbImage out = new Denoiser(DenoiseSettings.from(new ConfigLayers().load())).denoise(new RgbImage(32, 32, red));
    assertEquals(0xC80000, out.pixel(10, 10));
  }

  @Test
  void noneIsAPassThroughAndEvenWindowsAreRefused() {
    RgbImage image = token(64);
    assertSame(image, new Denoiser(DenoiseSettings.from(new ConfigLayers()
        .overrideAssignment("nftgen.denoise.method=none").load())).denoise(image));
    SettingsException e = assertThrows(SettingsException.class, () -> DenoiseSettings.from(new ConfigLayers()
        .overrideAssignment("nftgen.denoise.template-window=6").load()));
    assertTrue(e.getMessage().contains("must be odd"), e.getMessage());
  }

  @Test
  void psnrOfKnownImages() {
    RgbImage a = new RgbImage(1, 1, new byte[] {0, 0, 0});
    RgbImage b = new RgbImage(1, 1, new byte[] {10, 10, 10});
    assertEquals(10 * Math.log10(255.0 * 255.0 / 100), ImageQuality.psnr(a, b), 1e-12); // 28.13 dB
    assertEquals(Double.POSITIVE_INFINITY, ImageQuality.psnr(a, a));
  }
}
