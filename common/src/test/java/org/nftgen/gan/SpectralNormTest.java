package org.nftgen.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.dcgan.DcganModels;
import org.nftgen.dcgan.DcganSettings;

class SpectralNormTest {
  private static final DcganSettings SPECTRAL = GanFixtures.tiny("nftgen.dcgan.spectral-norm=true");

  /** Singular values 4 and 1: 4 a b^T + c d^T with orthonormal a, c and b, d. */
  @Test
  void estimatesTheLargestSingularValueOfAKnownMatrix() {
    INDArray a = Nd4j.createFromArray(1f, 0f, 0f).reshape(3, 1);
    INDArray c = Nd4j.createFromArray(0f, 1f, 0f).reshape(3, 1);
    float h = (float) Math.sqrt(0.5);
    INDArray b = Nd4j.createFromArray(h, h, 0f, 0f).reshape(4, 1);
    INDArray d = Nd4j.createFromArray(0f, 0f, h, -h).reshape(4, 1);
    INDArray w = a.mmul(b.transpose()).muli(4).addi(c.mmul(d.transpose()));
    assertEquals(4.0, SpectralNorm.largestSingularValue(w), 1e-4);
  }

  @Test
  void theSpectralDiscriminatorHasNoBatchNormAndTheSameShapes() {
    MultiLayerNetwork plain = new MultiLayerNetwork(DcganModels.discriminator(GanFixtures.TINY));
    MultiLayerNetwork spectral = new MultiLayerNetwork(DcganModels.discriminator(SPECTRAL));
    plain.init();
    spectral.init();
    assertTrue(Arrays.stream(plain.getLayers()).anyMatch(l -> l.conf().getLayer() instanceof BatchNormalization));
    assertFalse(Arrays.stream(spectral.getLayers()).anyMatch(l -> l.conf().getLayer() instanceof BatchNormalization));
    int side = SPECTRAL.resolution();
    INDArray images = Nd4j.rand(DataType.FLOAT, 2, 3, side, side);
    assertEquals(Arrays.toString(plain.output(images).shape()), Arrays.toString(spectral.output(images).shape()));
  }

  @Test
  void discriminatorStepsKeepEveryLayersLargestSingularValueAtOne() throws Exception {
    try (GanStep gan = DcganModels.newGan(SPECTRAL)) {
      assertUnitSpectralNorms(gan.discriminator(), "at the start");
      int side = SPECTRAL.resolution();
      for (int i = 0; i < 3; i++) {
        gan.trainDiscriminator(Nd4j.rand(DataType.FLOAT, 8, 3, side, side).muli(2).subi(1));
      }
      assertUnitSpectralNorms(gan.discriminator(), "after D steps");
    }
  }

  /** Measured with many more power iterations than the projection uses, from another start. */
  private static void assertUnitSpectralNorms(MultiLayerNetwork d, String when) {
    int checked = 0;
    for (Layer layer : d.getLayers()) {
      if (!layer.paramTable().containsKey(DefaultParamInitializer.WEIGHT_KEY)) {
        continue;
      }
      INDArray w = SpectralNorm.asMatrix(layer.getParam(DefaultParamInitializer.WEIGHT_KEY));
      INDArray v = Nd4j.rand(DataType.FLOAT, w.size(1), 1);
      for (int i = 0; i < 500; i++) {
        v = w.transpose().mmul(w.mmul(v));
        v.divi(v.norm2Number());
      }
      double sigma = w.mmul(v).norm2Number().doubleValue();
      assertEquals(1.0, sigma, 0.01, "layer " + layer.getIndex() + " " + when);
      checked++;
    }
    assertEquals(3, checked, "the tiny D's convolutions");
  }
}
