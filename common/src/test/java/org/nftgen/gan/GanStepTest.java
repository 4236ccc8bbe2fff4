package org.nftgen.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nftgen.gan.GanFixtures.TINY;
import static org.nftgen.gan.GanFixtures.solidImages;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nftgen.dcgan.DcganModels;

class GanStepTest {
  private static final int N = 8;
  private static final int SIDE = 16;

  private static INDArray batch(long seed) {
    return solidImages(N, SIDE, seed);
  }

  /** Mean probability of "real" that D gives {@code images}, in training mode as during the steps. */
  private static double meanD(GanStep gan, INDArray images) {
    return Transforms.sigmoid(gan.discriminator().output(images, true)).meanNumber().doubleValue();
  }

  @Test
  void generatorStepChangesTheGeneratorOnly() throws Exception {
    try (GanStep gan = DcganModels.newGan(TINY)) {
      gan.step(batch(1)); // non-trivial Adam state in both networks first
      GanState before = gan.snapshot();
      gan.trainGenerator(N);
      GanState after = gan.snapshot();
      assertArrayEquals(before.discriminatorParams(), after.discriminatorParams());
      assertArrayEquals(before.discriminatorUpdater(), after.discriminatorUpdater());
      assertEquals(before.discriminatorIterations(), after.discriminatorIterations());
      assertFalse(Arrays.equals(before.generatorParams(), after.generatorParams()));
      assertFalse(Arrays.equals(before.generatorUpdater(), after.generatorUpdater()));
      assertEquals(before.generatorIterations() + 1, after.generatorIterations());
    }
  }

  @Test
  void discriminatorStepChangesTheDiscriminatorOnly() throws Exception {
    try (GanStep gan = DcganModels.newGan(TINY)) {
      gan.step(batch(1));
      GanState before = gan.snapshot();
      gan.trainDiscriminator(batch(2));
      GanState after = gan.snapshot();
      assertArrayEquals(before.generatorParams(), after.generatorParams());
      assertArrayEquals(before.generatorUpdater(), after.generatorUpdater());
      assertEquals(before.generatorIterations(), after.generatorIterations());
      assertFalse(Arrays.equals(before.discriminatorParams(), after.discriminatorParams()));
      assertFalse(Arrays.equals(before.discriminatorUpdater(), after.discriminatorUpdater()));
      assertEquals(before.discriminatorIterations() + 1, after.discriminatorIterations());
    }
  }

  @Test
  void labelsPushDTowardsRealOnDataAndFakeOnFakesAndGTowardsReal() throws Exception {
    try (GanStep gan = DcganModels.newGan(TINY)) {
      INDArray real = batch(3);
      INDArray fakes = gan.generator().output(gan.sampleLatents(N), true);
      double realBefore = meanD(gan, real);
      double fakeBefore = meanD(gan, fakes);
      for (int i = 0; i < 5; i++) {
        gan.trainDiscriminator(real);
      }
      // The D steps drew other fakes, from the same unchanged G.
      double realAfter = meanD(gan, real);
      double fakeAfter = meanD(gan, fakes);
      assertTrue(realAfter > realBefore, "D(x) " + realBefore + " -> " + realAfter);
      assertTrue(fakeAfter < fakeBefore, "D(G(z)) " + fakeBefore + " -> " + fakeAfter);

      INDArray z = gan.sampleLatents(N);
      double fooledBefore = meanD(gan, gan.generator().output(z, true));
      for (int i = 0; i < 5; i++) {
        gan.trainGenerator(N);
      }
      double fooledAfter = meanD(gan, gan.generator().output(z, true));
      assertTrue(fooledAfter > fooledBefore, "D(G(z)) under G steps " + fooledBefore + " -> " + fooledAfter);
    }
  }

  @Test
  void statsAreTheCrossEntropiesOfTheOutputs() throws Exception {
    try (GanStep gan = DcganModels.newGan(TINY)) {
      StepStats.Discriminator d = gan.trainDiscriminator(batch(4));
      // With D(x) = p: loss on real = -mean log p, so exp(-loss) <= mean p by Jensen; equal only if all p agree.
      assertTrue(d.meanReal() > 0 && d.meanReal() < 1 && d.meanFake() > 0 && d.meanFake() < 1);
      assertTrue(Math.exp(-d.lossReal()) <= d.meanReal() + 1e-6, d.toString());
      assertTrue(Math.exp(-d.lossFake()) <= 1 - d.meanFake() + 1e-6, d.toString());
      StepStats.Generator g = gan.trainGenerator(N);
      assertTrue(Math.exp(-g.loss()) <= g.meanFake() + 1e-6, g.toString());
    }
  }

  @Test
  void snapshotAndRestoreReproduceTheNextStep() throws Exception {
    try (GanStep gan = DcganModels.newGan(TINY); GanStep other = DcganModels.newGan(TINY.withSeed(99))) {
      for (int i = 0; i < 3; i++) {
        gan.step(batch(i));
      }
      GanState saved = gan.snapshot();
      StepStats first = gan.step(batch(10));
      GanState afterFirst = gan.snapshot();
      assertNotEquals(saved, afterFirst);

      gan.restore(saved);
      assertEquals(saved, gan.snapshot());
      assertEquals(first, gan.step(batch(10)));
      assertEquals(afterFirst, gan.snapshot());

      // A step built from another seed becomes the same trainer once it holds the state.
      other.restore(saved);
      assertEquals(first, other.step(batch(10)));
      assertEquals(afterFirst, other.snapshot());

      // The RNG state is part of it: another latent stream gives another step.
      other.restore(saved.withRng(saved.rngRootState() + 1, saved.rngNodeState()));
      assertNotEquals(first, other.step(batch(10)));
    }
  }

  /**
   * An iteration runs G once: its G step backpropagates through the D step's fakes. It equals a D
   * step followed by a G step on the same latents (the RNG rewound to draw them again), RNG included.
   */
  @Test
  void theGeneratorStepReusesTheDiscriminatorStepsFakes() throws Exception {
    try (GanStep gan = DcganModels.newGan(TINY); GanStep byHand = DcganModels.newGan(TINY)) {
      gan.step(batch(1));
      byHand.step(batch(1));
      GanState start = byHand.snapshot();
      assertEquals(start, gan.snapshot());

      gan.step(batch(2));
      byHand.trainDiscriminator(batch(2));
      GanState afterD = byHand.snapshot();
      byHand.restore(afterD.withRng(start.rngRootState(), start.rngNodeState())); // draw the D step's latents again
      byHand.trainGenerator(N);
      assertEquals(byHand.snapshot(), gan.snapshot());
    }
  }

  /** Parameter averaging as the Spark job does it (StateSum), on real GAN states. */
  @Test
  void averageIsTheElementwiseMean() throws Exception {
    try (GanStep a = DcganModels.newGan(TINY); GanStep b = DcganModels.newGan(TINY.withSeed(5))) {
      a.step(batch(1));
      b.step(batch(2));
      b.step(batch(3));
      GanState sa = a.snapshot();
      GanState sb = b.snapshot();
      GanState mean = new org.nftgen.averaging.StateSum<GanState>().add(sb, 1).add(sa, 0).mean();
      assertMean(sa.generatorParams(), sb.generatorParams(), mean.generatorParams());
      assertMean(sa.discriminatorParams(), sb.discriminatorParams(), mean.discriminatorParams());
      assertMean(sa.generatorUpdater(), sb.generatorUpdater(), mean.generatorUpdater());
      assertMean(sa.discriminatorUpdater(), sb.discriminatorUpdater(), mean.discriminatorUpdater());
      // Counters and RNG words are not averaged: they are the lowest-numbered worker's.
      assertEquals(sa.generatorIterations(), mean.generatorIterations());
      assertEquals(sa.discriminatorIterations(), mean.discriminatorIterations());
      assertEquals(sa.rngRootState(), mean.rngRootState());
      assertEquals(sa.rngNodeState(), mean.rngNodeState());
      // The mean is a state a trainer can hold.
      a.restore(mean);
      assertEquals(mean, a.snapshot());
      assertEquals(sa, new org.nftgen.averaging.StateSum<GanState>().add(sa, 0).add(sa, 1).mean());
    }
  }

  private static void assertMean(float[] x, float[] y, float[] mean) {
    assertEquals(x.length, mean.length);
    assertFalse(Arrays.equals(x, y), "the two states should differ");
    for (int i = 0; i < x.length; i++) {
      assertEquals((float) (((double) x[i] + y[i]) / 2), mean[i], 0f, "element " + i);
    }
  }

  @Test
  void sameSeedAndDataGiveBitIdenticalTraining() throws Exception {
    try (GanStep one = DcganModels.newGan(TINY); GanStep two = DcganModels.newGan(TINY);
        GanStep reseeded = DcganModels.newGan(TINY.withSeed(TINY.seed() + 1))) {
      for (int i = 0; i < 20; i++) {
        INDArray real = batch(i);
        assertEquals(one.step(real), two.step(real), "step " + i);
        reseeded.step(real);
      }
      assertEquals(one.snapshot(), two.snapshot());
      assertNotEquals(one.snapshot(), reseeded.snapshot());
    }
  }

  @Test
  void learnsASolidColour() throws Exception {
    // Measured on this machine (300 steps, ~9 s): the fakes' mean colour went from 0.787 to 0.117
    // from the data's (RGB distance in [-1, 1] units), D(x) - D(G(z)) from 0.677 (mean of steps
    // 50-149) to 0.085 (last 50) and D(G(z)) from 0.215 to 0.459. The bounds leave room for other
    // CPUs, whose float rounding may differ.
    try (GanStep gan = DcganModels.newGan(TINY)) {
      INDArray z = gan.sampleLatents(64);
      double distanceBefore = GanFixtures.distanceToData(GanFixtures.meanColour(gan.generator().output(z, false)));
      double[] gapEarly = new double[2];
      double[] gapLate = new double[2];
      double[] fooledEarly = new double[2];
      double[] fooledLate = new double[2];
      for (int i = 0; i < 300; i++) {
        StepStats s = gan.step(batch(1000 + i));
        if (i >= 50 && i < 150) {
          add(gapEarly, s.meanDReal() - s.meanDFake());
          add(fooledEarly, s.meanDFake());
        } else if (i >= 250) {
          add(gapLate, s.meanDReal() - s.meanDFake());
          add(fooledLate, s.meanDFake());
        }
      }
      double distanceAfter = GanFixtures.distanceToData(GanFixtures.meanColour(gan.generator().output(z, false)));
      assertTrue(distanceAfter < distanceBefore / 2, "colour distance " + distanceBefore + " -> " + distanceAfter);
      assertTrue(mean(gapLate) < mean(gapEarly) / 2, "D(x) - D(G(z)) " + mean(gapEarly) + " -> " + mean(gapLate));
      assertTrue(mean(fooledLate) > mean(fooledEarly), "D(G(z)) " + mean(fooledEarly) + " -> " + mean(fooledLate));
    }
  }

  private static void add(double[] sumAndCount, double value) {
    sumAndCount[0] += value;
    sumAndCount[1]++;
  }

  private static double mean(double[] sumAndCount) {
    return sumAndCount[0] / sumAndCount[1];
  }

  @Test
  void runningStatisticsAreRecognisedByDl4jsParameterNames() {
    org.deeplearning4j.nn.multilayer.MultiLayerNetwork d = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(org.nftgen.dcgan.DcganModels.discriminator(GanFixtures.TINY));
    d.init();
    java.util.Set<String> running = d.paramTable().keySet().stream().filter(Backprop::isRunningStatistic)
        .collect(java.util.stream.Collectors.toSet());
    // TINY (16x16) has one batch-normalised block in D: layer 2 after the first and second convs.
    assertEquals(java.util.Set.of("2_mean", "2_log10stdev"), running, d.paramTable().keySet().toString());
  }
}
