package org.nftgen.metrics.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nftgen.config.ConfigLayers;
import org.nftgen.config.SettingsException;
import org.nftgen.image.RgbImage;

class FeatureNetworkTest {
  private static final EvaluateSettings TINY = Samples.DEFAULTS.withFeatures(77, 32, 8, 3);

  @Test
  void referenceDefaults() {
    EvaluateSettings s = Samples.DEFAULTS;
    assertEquals(new EvaluateSettings(1000, 20190, 64, 32, 4, true, 64, 100, 1000, 3, 0.04, 2, 24, 0.02), s);
    assertEquals(32 + 64 + 128 + 256 + 6, new FeatureNetwork(s).dimension());
    SettingsException e = assertThrows(SettingsException.class, () -> EvaluateSettings.from(
        new ConfigLayers().overrideAssignment("nftgen.evaluate.feature-side=60").load()));
    assertTrue(e.getMessage().contains("feature-side"), e.getMessage());
  }

  @Test
  void sameSeedGivesBitIdenticalFeaturesAndAnotherSeedOthers() {
    List<RgbImage> images = Samples.tokens("apes", 4, 0, 6, 48); // 48 px: resized to 32 first
    float[][] a = new FeatureNetwork(TINY).features(images);
    float[][] b = new FeatureNetwork(TINY).features(images);
    assertEquals(6, a.length);
    assertEquals(8 + 16 + 32 + 6, a[0].length);
    for (int i = 0; i < a.length; i++) {
      assertArrayEquals(a[i], b[i]); // exact float equality
    }
    float[][] other = new FeatureNetwork(TINY.withFeatures(78, 32, 8, 3)).features(images);
    assertFalse(Arrays.equals(a[0], other[0]));
    // The colour statistics do not depend on the seed.
    assertArrayEquals(Arrays.copyOfRange(a[0], 56, 62), Arrays.copyOfRange(other[0], 56, 62));
  }

  @Test
  void featuresDoNotDependOnBatchingBeyondRounding() {
    List<RgbImage> images = Samples.tokens("apes", 4, 0, 5, 32);
    float[][] together = new FeatureNetwork(TINY).features(images);
    EvaluateSettings oneByOne = new EvaluateSettings(TINY.samples(), TINY.featureSeed(), 32, 8, 3, true, 1,
        TINY.kidSubsets(), TINY.kidSubsetSize(), TINY.k(), TINY.copyThreshold(), TINY.borderWidth(),
        TINY.purityTolerance(), TINY.purityOutliers());
    float[][] single = new FeatureNetwork(oneByOne).features(images);
    for (int i = 0; i < images.size(); i++) {
      for (int j = 0; j < together[i].length; j++) {
        assertEquals(together[i][j], single[i][j], 1e-5 * (1 + Math.abs(together[i][j])), "image " + i + " feature " + j);
      }
    }
  }

  @Test
  void featuresSeparateCollectionsAndFlatColours() {
    // Distinct inputs give distinct features, and features are non-trivial (ReLU means are >= 0).
    List<RgbImage> apes = Samples.tokens("apes", 4, 0, 2, 32);
    RgbImage flat = Samples.split(32, 0x336699, 0x336699);
    float[][] f = new FeatureNetwork(TINY).features(List.of(apes.get(0), apes.get(1), flat));
    assertFalse(Arrays.equals(f[0], f[1]));
    for (int j = 0; j < 56; j++) {
      assertTrue(f[0][j] >= 0, "ReLU mean " + j);
    }
    assertEquals((0x33 / 127.5) - 1, f[2][56], 1e-6); // red mean of the flat image
    assertEquals(0, f[2][59], 1e-6); // its red standard deviation
  }

  @Test
  void throughputAtDefaultSettings() {
    // Timing only (printed): default network, 64 px images, one warm-up batch.
    List<RgbImage> images = Samples.tokens("apes", 4, 0, 128, 64);
    FeatureNetwork net = new FeatureNetwork(Samples.DEFAULTS);
    net.features(images.subList(0, 64));
    long start = System.nanoTime();
    float[][] f = net.features(images);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("features at 64 px, default network (%d-d): %.0f images/s%n",
        f[0].length, images.size() / seconds);
    assertEquals(images.size(), f.length);
  }
}
