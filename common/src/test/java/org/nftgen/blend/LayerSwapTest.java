package org.nftgen.blend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.config.SettingsException;
import org.nftgen.dcgan.DcganModels;
import org.nftgen.dcgan.DcganSettings;
import org.nftgen.gan.GanFixtures;
import org.nftgen.gan.GanState;
import org.nftgen.gan.GanStep;
import org.nftgen.gan.GeneratorLoss;
import org.nftgen.gan.Parameters;

/** Layer-swap blending: which parent each generator layer comes from, and an all-A blend is A. */
class LayerSwapTest {
  /** The plain DCGAN's generator and the quality recipe's (resize convolutions, flat background). */
  private static final List<DcganSettings> MODELS = List.of(GanFixtures.TINY,
      GanFixtures.tiny("nftgen.dcgan.upsampling=resize", "nftgen.dcgan.flat-background=true",
          "nftgen.dcgan.generator-average=0.9"),
      // The pixel grid's pooling and up-sampling at the end keep the side: no stage of their own.
      GanFixtures.tiny("nftgen.dcgan.upsampling=resize", "nftgen.dcgan.pixel-grid-factor=2"));

  /** The layer-swap settings of reference.conf. */
  private static final LayerSwapSettings DEFAULT = LayerSwapSettings.from(new org.nftgen.config.ConfigLayers().load());

  private static LayerSwapSettings schedule(List<Double> weights) {
    return new LayerSwapSettings("", "", 0.5, weights, DEFAULT.fromB());
  }

  private static GanState trained(DcganSettings model, long seed) {
    return trained(model, seed, 1);
  }

  private static GanState trained(DcganSettings model, long seed, int steps) {
    try (GanStep gan = DcganModels.newGan(model.withSeed(seed))) {
      for (int i = 0; i < steps; i++) {
        gan.step(GanFixtures.solidImages(model.batch(), model.resolution(), seed + i));
      }
      return gan.snapshot();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static MultiLayerNetwork generator(DcganSettings model, float[] params) {
    MultiLayerNetwork g = new MultiLayerNetwork(DcganModels.generator(model));
    g.init();
    return Parameters.assign(g, params, "test generator");
  }

  @Test
  void stagesCutTheGeneratorWhereItsFeatureMapsGrow() {
    for (DcganSettings model : MODELS) {
      List<LayerSwap.Stage> stages = LayerSwap.stages(model, DEFAULT);
      MultiLayerNetwork g = generator(model, trained(model, 1).generatorParams());
      assertEquals(List.of(4, 8, 16), stages.stream().map(LayerSwap.Stage::resolution).toList());
      assertEquals(List.of(1.0, 1.0, 0.0), stages.stream().map(LayerSwap.Stage::weightOfA).toList());
      int offset = 0;
      int layer = 0;
      for (LayerSwap.Stage s : stages) {
        assertEquals(layer, s.firstLayer());
        assertEquals(offset, s.offset());
        long params = 0;
        for (int i = s.firstLayer(); i <= s.lastLayer(); i++) {
          params += g.getLayer(i).numParams();
        }
        assertEquals(params, s.length(), "stage at " + s.resolution() + " px");
        assertTrue(s.length() > 0);
        offset += s.length();
        layer = s.lastLayer() + 1;
      }
      assertEquals(g.getnLayers(), layer);
      assertEquals(g.numParams(), offset);
      // The last stage ends in the output: 3 channels (or the flat background's 4 + 3) at full size.
      INDArray image = g.output(Nd4j.randn(2, model.nz(), 1, 1), false);
      assertArrayEquals(new long[] {2, 3, 16, 16}, image.shape());
    }
  }

  @Test
  void eachLayerComesFromTheParentsAsTheScheduleSays() {
    for (DcganSettings model : MODELS) {
      GanState a = trained(model, 1);
      GanState b = trained(model, 2);
      List<Double> schedule = List.of(1.0, 0.0, 0.25);
      List<LayerSwap.Stage> stages = LayerSwap.stages(model, schedule(schedule));
      GanState blend = LayerSwap.blend(a, b, stages);
      MultiLayerNetwork fromA = generator(model, a.generatorParams());
      MultiLayerNetwork fromB = generator(model, b.generatorParams());
      MultiLayerNetwork blended = generator(model, blend.generatorParams());
      for (LayerSwap.Stage s : stages) {
        for (int i = s.firstLayer(); i <= s.lastLayer(); i++) {
          if (fromA.getLayer(i).numParams() == 0) {
            continue;
          }
          float[] pa = fromA.getLayer(i).params().toFloatVector();
          float[] pb = fromB.getLayer(i).params().toFloatVector();
          float[] pBlend = blended.getLayer(i).params().toFloatVector();
          assertFalse(Arrays.equals(pa, pb), "the parents differ in layer " + i);
          if (s.weightOfA() == 1) {
            assertArrayEquals(pa, pBlend, "layer " + i + " is A's");
          } else if (s.weightOfA() == 0) {
            assertArrayEquals(pb, pBlend, "layer " + i + " is B's");
          } else {
            for (int j = 0; j < pa.length; j++) {
              assertEquals(0.25 * pa[j] + 0.75 * pb[j], pBlend[j], 1e-6, "layer " + i + " parameter " + j);
            }
          }
        }
      }
      // The moving averages are blended by the same schedule.
      if (a.generatorAverage().length > 0) {
        assertArrayEquals(LayerSwap.blend(a.generatorAverage(), b.generatorAverage(), stages),
            blend.generatorAverage());
        assertFalse(Arrays.equals(blend.generatorAverage(), blend.generatorParams()));
      }
    }
  }

  @Test
  void anAllAScheduleIsGeneratorABitForBitWithBothDiscriminators() throws Exception {
    for (DcganSettings model : MODELS) {
      GanState a = trained(model, 1);
      GanState b = trained(model, 2);
      GanState blend = LayerSwap.blend(a, b, LayerSwap.stages(model, schedule(List.of(1.0, 1.0, 1.0))));
      assertArrayEquals(a.generatorParams(), blend.generatorParams());
      assertArrayEquals(a.generatorAverage(), blend.generatorAverage());
      INDArray z = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, model.nz(), 1, 1);
      assertArrayEquals(generator(model, a.samplingGeneratorParams()).output(z.dup(), false).reshape(-1).toFloatVector(),
          generator(model, blend.samplingGeneratorParams()).output(z.dup(), false).reshape(-1).toFloatVector());
      // A two-discriminator GAN takes the blend: A's D first, B's second, as evaluation reads them.
      try (GanStep two = DcganModels.newGan(model, 2, GeneratorLoss.MAX_OF_ALL)) {
        two.restore(blend);
        assertArrayEquals(a.discriminatorParams(), two.discriminators().get(0).params().toFloatVector());
        assertArrayEquals(b.discriminatorParams(), two.discriminators().get(1).params().toFloatVector());
      }
    }
  }

  @Test
  void theFineTuneStartsFromAsWeightsWithAFreshOptimiserAndAverageWarmUp() throws Exception {
    DcganSettings model = MODELS.get(1);
    // Long enough that A's average has left its warm-up (decay 0.9 after 80 steps).
    GanState a = trained(model, 1, 80);
    GanState start = LayerSwap.fineTuningStart(a);
    assertArrayEquals(a.generatorParams(), start.generatorParams());
    assertArrayEquals(a.discriminatorParams(), start.discriminatorParams());
    assertArrayEquals(a.generatorAverage(), start.generatorAverage());
    assertEquals(0, start.generatorIterations());
    assertTrue(a.generatorIterations() > 0);
    try (GanStep fresh = DcganModels.newGan(model)) {
      // A fresh network's optimiser state: what the fine-tune's first Adam step sees.
      GanState init = fresh.snapshot();
      assertArrayEquals(init.generatorUpdater(), start.generatorUpdater());
      assertArrayEquals(init.discriminatorUpdater(), start.discriminatorUpdater());
      fresh.restore(start);
      fresh.step(GanFixtures.solidImages(model.batch(), model.resolution(), 3));
      // The average's warm-up restarted: after one step it sits near G, not near A's average.
      float[] g = fresh.snapshot().generatorParams();
      float[] average = fresh.snapshot().generatorAverage();
      assertTrue(distance(average, g) < distance(average, a.generatorAverage()),
          distance(average, g) + " vs " + distance(average, a.generatorAverage()));
    }
  }

  private static double distance(float[] x, float[] y) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += (x[i] - y[i]) * (double) (x[i] - y[i]);
    }
    return Math.sqrt(sum);
  }

  @Test
  void aScheduleOfTheWrongLengthNamesTheKeyAndTheStages() {
    SettingsException e = assertThrows(SettingsException.class,
        () -> LayerSwap.stages(GanFixtures.TINY, schedule(List.of(1.0, 0.0))));
    assertTrue(e.getMessage().contains("nftgen.blend.layer-swap.schedule") && e.getMessage().contains("3 resolution stages")
        && e.getMessage().contains("4 px, 8 px, 16 px"), e.getMessage());
    // reference.conf's default: the output stage from B, the rest from A, at 64 px as at 16.
    assertEquals(List.of(1.0, 1.0, 1.0, 1.0, 0.0), LayerSwap.weights(GanFixtures.DEFAULTS, DEFAULT));
    assertEquals(List.of(1.0, 0.0, 0.0), LayerSwap.weights(GanFixtures.TINY,
        new LayerSwapSettings("", "", 0.5, List.of(), 2)));
    SettingsException tooMany = assertThrows(SettingsException.class,
        () -> LayerSwap.weights(GanFixtures.TINY, new LayerSwapSettings("", "", 0.5, List.of(), 4)));
    assertTrue(tooMany.getMessage().contains("nftgen.blend.layer-swap.from-b' = 4"), tooMany.getMessage());
  }

  @Test
  void parentsOfAnotherShapeAreRefused() {
    List<LayerSwap.Stage> stages = LayerSwap.stages(GanFixtures.TINY, DEFAULT);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LayerSwap.blend(new float[3], new float[3], stages));
    assertTrue(e.getMessage().contains("nftgen.dcgan"), e.getMessage());
  }
}
