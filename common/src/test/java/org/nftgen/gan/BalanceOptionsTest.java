package org.nftgen.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nftgen.config.ConfigLayers;
import org.nftgen.dcgan.DcganModels;
import org.nftgen.dcgan.DcganSettings;

/** The options that keep D from overpowering G: instance noise, extra generator steps, label smoothing, packing. */
class BalanceOptionsTest {
  private static GanState afterSteps(DcganSettings settings, int steps) throws Exception {
    try (GanStep gan = DcganModels.newGan(settings)) {
      INDArray real = GanFixtures.solidImages(settings.batch(), settings.resolution(), 5);
      for (int i = 0; i < steps; i++) {
        gan.step(real);
      }
      return gan.snapshot();
    }
  }

  @Test
  void noiseChangesTrainingReproduciblyAndIsOffByDefault() throws Exception {
    assertEquals(org.nftgen.gan.Stabilisers.NONE, DcganSettings.from(new ConfigLayers().load()).stabilisers());
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
    try (GanStep gan = DcganModels.newGan(noisy)) {
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
    try (GanStep once = DcganModels.newGan(GanFixtures.TINY); GanStep two = DcganModels.newGan(twice)) {
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

  @Test
  void labelSmoothingMovesOnlyTheRealTarget() throws Exception {
    assertEquals(0.9f, Labels.smoothedReal(0.1), 1e-7);
    assertEquals(Labels.REAL, Labels.smoothedReal(0.0));
    DcganSettings smoothed = GanFixtures.tiny("nftgen.dcgan.label-smoothing=0.2");
    try (GanStep plain = DcganModels.newGan(GanFixtures.TINY); GanStep smooth = DcganModels.newGan(smoothed)) {
      INDArray real = GanFixtures.solidImages(8, 16, 5);
      // D's logits on the real batch as the step will see them (training-mode batch norm).
      double meanLogit = plain.discriminator().output(real, true).meanNumber().doubleValue();
      StepStats.Discriminator a = plain.trainDiscriminator(real);
      StepStats.Discriminator b = smooth.trainDiscriminator(real);
      // Same networks and fakes: the fake loss is untouched; the real loss is against 0.8, and
      // softplus(l) - y l grows by 0.2 l per image.
      assertEquals(a.lossFake(), b.lossFake(), 1e-6);
      assertEquals(a.meanReal(), b.meanReal(), 1e-6);
      assertEquals(a.lossReal() + 0.2 * meanLogit, b.lossReal(), 1e-5);
      assertNotEquals(java.util.Arrays.toString(plain.snapshot().discriminatorParams()),
          java.util.Arrays.toString(smooth.snapshot().discriminatorParams()));
    }
  }

  @Test
  void packedTrainingGivesOneLogitPerPackAndUpdatesBothNetworks() throws Exception {
    DcganSettings packed = GanFixtures.tiny("nftgen.dcgan.pack=2");
    try (GanStep gan = DcganModels.newGan(packed)) {
      GanState before = gan.snapshot();
      INDArray real = GanFixtures.solidImages(8, 16, 5);
      StepStats stats = gan.step(real);
      assertTrue(Double.isFinite(stats.gLoss()) && Double.isFinite(stats.dLossReal()));
      assertEquals(4, gan.discriminator().output(real.reshape('c', 4, 6, 16, 16), false).size(0));
      GanState after = gan.snapshot();
      assertNotEquals(java.util.Arrays.toString(before.generatorParams()), java.util.Arrays.toString(after.generatorParams()));
      assertNotEquals(java.util.Arrays.toString(before.discriminatorParams()), java.util.Arrays.toString(after.discriminatorParams()));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gan.step(GanFixtures.solidImages(7, 16, 5)));
      assertTrue(e.getMessage().contains("packs of 2"), e.getMessage());
    }
  }

  @Test
  void theMovingAverageOfTheGeneratorIsWhatSamplesComeFrom() throws Exception {
    DcganSettings averaged = GanFixtures.tiny("nftgen.dcgan.generator-average=0.75");
    try (GanStep gan = DcganModels.newGan(averaged); GanStep plain = DcganModels.newGan(GanFixtures.TINY)) {
      assertTrue(plain.sampler() == plain.generator(), "no average: samples come from G itself");
      assertEquals(0, plain.snapshot().generatorAverage().length);
      float[] before = gan.generator().params().toFloatVector();
      gan.trainGenerator(8);
      float[] after = gan.generator().params().toFloatVector();
      // The first update (after 1 step) decays by min(0.75, 2/11).
      float decay = (float) GanStep.averageDecay(0.75, 1);
      assertEquals(2.0 / 11, decay, 1e-7);
      assertEquals(0.75, GanStep.averageDecay(0.75, 1000));
      float[] expected = new float[before.length];
      for (int i = 0; i < before.length; i++) {
        expected[i] = decay * before[i] + (1 - decay) * after[i];
      }
      assertArrayEquals(expected, gan.sampler().params().toFloatVector(), 1e-6f);
      assertFalse(Arrays.equals(after, gan.sampler().params().toFloatVector()));
      GanState state = gan.snapshot();
      assertArrayEquals(expected, state.samplingGeneratorParams(), 1e-6f);
      assertArrayEquals(after, state.generatorParams());
      // The average survives a snapshot round trip, and is averaged across workers like the rest.
      try (GanStep other = DcganModels.newGan(averaged)) {
        other.restore(state);
        assertArrayEquals(state.generatorAverage(), other.snapshot().generatorAverage());
        GanState mean = new org.nftgen.averaging.StateSum<GanState>().add(state, 0).add(other.snapshot(), 1).mean();
        assertArrayEquals(state.generatorAverage(), mean.generatorAverage());
      }
      // Sampling in inference mode from the averaged weights differs from the latest weights.
      INDArray z = gan.sampleLatents(2);
      assertNotEquals(gan.generator().output(z, false), gan.sampler().output(z, false));
    }
  }
}
