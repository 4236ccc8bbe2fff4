package org.nftgen.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nftgen.config.ConfigLayers;
import org.nftgen.model.DcganSettings;

/** The options that keep D from overpowering G: instance noise and extra generator steps. */
class BalanceOptionsTest {
  private static GanState afterSteps(DcganSettings settings, int steps) throws Exception {
    try (GanStep gan = GanStep.create(settings)) {
      INDArray real = GanFixtures.solidImages(settings.batch(), settings.resolution(), 5);
      for (int i = 0; i < steps; i++) {
        gan.step(real);
      }
      return gan.snapshot();
    }
  }

  @Test
  void noiseChangesTrainingReproduciblyAndIsOffByDefault() throws Exception {
    assertEquals(0.0, DcganSettings.from(new ConfigLayers().load()).instanceNoise());
    DcganSettings noisy = DcganSettings.from(new ConfigLayers().overrideAssignment("nftgen.dcgan.instance-noise=0.2")
        .load()).withShape(8, 8, 8, 16).withBatch(8);
    GanState plain = afterSteps(GanFixtures.TINY, 3);
    GanState withNoise = afterSteps(noisy, 3);
    assertNotEquals(plain, withNoise, "D must see different inputs with instance noise");
    assertEquals(withNoise, afterSteps(noisy, 3), "the noise comes from the step's seeded RNG");
  }

  @Test
  void theGeneratorStepStillLeavesTheDiscriminatorAlone() throws Exception {
    DcganSettings noisy = DcganSettings.from(new ConfigLayers().overrideAssignment("nftgen.dcgan.instance-noise=0.5")
        .load()).withShape(8, 8, 8, 16).withBatch(8);
    try (GanStep gan = GanStep.create(noisy)) {
      GanState before = gan.snapshot();
      gan.trainGenerator(8);
      GanState after = gan.snapshot();
      assertEquals(java.util.Arrays.toString(before.discriminatorParams()),
          java.util.Arrays.toString(after.discriminatorParams()));
      assertNotEquals(java.util.Arrays.toString(before.generatorParams()),
          java.util.Arrays.toString(after.generatorParams()));
    }
  }

  @Test
  void extraGeneratorStepsUpdateOnlyTheGenerator() throws Exception {
    DcganSettings twice = DcganSettings.from(new ConfigLayers().overrideAssignment("nftgen.dcgan.generator-steps=2")
        .load()).withShape(8, 8, 8, 16).withBatch(8);
    try (GanStep once = GanStep.create(GanFixtures.TINY); GanStep two = GanStep.create(twice)) {
      INDArray real = GanFixtures.solidImages(8, 16, 5);
      once.step(real);
      two.step(real);
      GanState a = once.snapshot();
      GanState b = two.snapshot();
      assertEquals(1, a.generatorIterations());
      assertEquals(2, b.generatorIterations());
      assertEquals(1, b.discriminatorIterations());
      // The D update came first and saw the same data and fakes: D is identical, G is not.
      assertEquals(java.util.Arrays.toString(a.discriminatorParams()), java.util.Arrays.toString(b.discriminatorParams()));
      assertNotEquals(java.util.Arrays.toString(a.generatorParams()), java.util.Arrays.toString(b.generatorParams()));
    }
  }
}
