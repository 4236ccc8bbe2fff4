package org.nftgen.srgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.config.ConfigLayers;
import org.nftgen.config.SettingsException;
import org.nftgen.image.Resampler;
import org.nftgen.image.RgbImage;
import org.nftgen.metrics.ImageQuality;

class SrganModelsTest {
  static final SrganSettings DEFAULTS = SrganSettings.from(new ConfigLayers().load());

  static SrganSettings tiny(int factor) {
    return DEFAULTS.withShape(factor, 2, 8, 4, 16, 64, 32, 2);
  }

  @Test
  void generatorUpscalesByItsFactorAtTrainingAndOtherSizes() {
    for (int factor : new int[] {2, 4}) {
      SrganSettings s = tiny(factor);
      ComputationGraph g = new ComputationGraph(SrganModels.generator(s, false));
      g.init();
      INDArray patch = Nd4j.rand(DataType.FLOAT, 3, 3, s.lrCrop(), s.lrCrop());
      assertArrayEquals(new long[] {3, 3, 32, 32}, g.outputSingle(patch).shape(), "x" + factor);
      // Fully convolutional: a whole 64 px image (not the training patch size) upscales too.
      INDArray image = Nd4j.rand(DataType.FLOAT, 1, 3, 64, 64);
      assertArrayEquals(new long[] {1, 3, 64L * factor, 64L * factor}, g.outputSingle(image).shape(), "x" + factor);
    }
  }

  @Test
  void phaseOneAndPhaseTwoGeneratorsShareTheirParameterLayout() {
    SrganSettings s = tiny(4);
    ComputationGraph withLoss = new ComputationGraph(SrganModels.generator(s, true));
    withLoss.init();
    ComputationGraph plain = new ComputationGraph(SrganModels.generator(s, false));
    plain.init();
    assertEquals(plain.numParams(), withLoss.numParams());
    assertEquals(plain.params(), withLoss.params()); // same seed, same layers, same initial weights
  }

  @Test
  void anUntrainedUpscalerWithTheBicubicSkipReturnsTheBicubicEnlargement() {
    SrganSettings s = tiny(2);
    ComputationGraph g = new ComputationGraph(SrganModels.generator(s, false));
    g.init();
    Upscaler upscaler = Upscaler.of(s, g.params().toFloatVector(), "untrained");
    byte[] pixels = new byte[8 * 8 * 3];
    new java.util.Random(4).nextBytes(pixels);
    RgbImage lr = new RgbImage(8, 8, pixels);
    RgbImage sr = upscaler.upscale(List.of(lr), 1).get(0);
    assertEquals(Double.POSITIVE_INFINITY,
        ImageQuality.psnr(sr, Resampler.resize(lr, 16, 16, Resampler.Filter.BICUBIC)));
  }

  @Test
  void discriminatorGivesOneLogitPerImage() {
    for (int factor : new int[] {2, 4}) {
      SrganSettings s = tiny(factor);
      MultiLayerNetwork d = new MultiLayerNetwork(SrganModels.discriminator(s));
      d.init();
      INDArray hr = Nd4j.rand(DataType.FLOAT, 5, 3, s.hrCrop(), s.hrCrop());
      assertArrayEquals(new long[] {5, 1}, d.output(hr).shape(), "x" + factor);
    }
  }

  @Test
  void defaultsAreThePapersShapesAtBlocksFive() {
    assertEquals(4, DEFAULTS.factor());
    assertEquals(5, DEFAULTS.blocks());
    assertEquals(1e-3, DEFAULTS.adversarialWeight());
    assertEquals(24, DEFAULTS.lrCrop());
    assertEquals(2, DEFAULTS.upsamplingStages());
  }

  @Test
  void refusesFactorsAndCropsTheModelsCannotTake() {
    assertThrows(SettingsException.class, () -> DEFAULTS.withShape(3, 1, 8, 4, 16, 64, 48, 2));
    assertThrows(SettingsException.class, () -> DEFAULTS.withShape(4, 1, 8, 4, 16, 64, 40, 2)); // not /16
    assertThrows(SettingsException.class, () -> DEFAULTS.withShape(4, 1, 8, 4, 16, 64, 96, 2)); // > image
  }
}
