package org.nftgen.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nftgen.config.ConfigLayers;
import org.nftgen.dcgan.DcganModels;
import org.nftgen.dcgan.DcganSettings;

/** The minibatch standard-deviation layer: its value, its gradient, and its place in D. */
class MinibatchStdDeviationTest {

  @Test
  void appendsTheMeanDeviationAcrossTheBatch() {
    // Two images, one channel, 1x2: features (1, 3) and (3, 7): deviations 1 and 2, mean 1.5.
    INDArray x = Nd4j.createFromArray(new double[] {1, 3, 3, 7}).reshape(2, 1, 1, 2);
    INDArray y = MinibatchStdDeviation.forward(x);
    assertArrayEquals(new long[] {2, 2, 1, 2}, y.shape());
    assertEquals(x, y.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1), NDArrayIndex.all(), NDArrayIndex.all()));
    INDArray extra = y.get(NDArrayIndex.all(), NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.all());
    for (double v : extra.dup().data().asDouble()) {
      assertEquals(1.5, v, 1e-6);
    }
    // A batch of identical images: no spread.
    INDArray same = Nd4j.ones(DataType.DOUBLE, 4, 2, 3, 3);
    assertEquals(0.0, MinibatchStdDeviation.forward(same).getDouble(0, 2, 0, 0), 1e-3);
  }

  /** The backward pass against central differences of {@code L = sum(e * y)}, in double precision. */
  @Test
  void backwardMatchesNumericalGradient() {
    Nd4j.getRandom().setSeed(21);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 3, 2, 2);
    INDArray e = Nd4j.rand(DataType.DOUBLE, 5, 4, 2, 2).subi(0.5);
    GradientCheck.assertBackwardMatches(MinibatchStdDeviation::forward, MinibatchStdDeviation::backward, x, e, 1e-6);
  }

  /** With minibatch-std D has the extra channel before its last convolution, whose input is one wider. */
  @Test
  void theDiscriminatorGetsTheLayerFromTheSetting() {
    DcganSettings plain = DcganSettings.from(new ConfigLayers().load()).withShape(8, 4, 4, 16).withBatch(4);
    DcganSettings with = DcganSettings.from(new ConfigLayers().overrideAssignment("nftgen.dcgan.minibatch-std=true")
        .load()).withShape(8, 4, 4, 16).withBatch(4);
    MultiLayerNetwork a = new MultiLayerNetwork(DcganModels.discriminator(plain));
    a.init();
    MultiLayerNetwork b = new MultiLayerNetwork(DcganModels.discriminator(with));
    b.init();
    assertEquals(a.getnLayers() + 1, b.getnLayers());
    assertTrue(b.getLayer(b.getnLayers() - 2) instanceof MinibatchStdDeviation);
    // The last convolution's weights: 4x4 over (8 + 1) channels instead of 8.
    assertEquals(a.numParams() + 16, b.numParams());
    // Checkpoints rebuild networks from their JSON configuration.
    assertEquals(b.getLayerWiseConfigurations(),
        org.deeplearning4j.nn.conf.MultiLayerConfiguration.fromJson(b.getLayerWiseConfigurations().toJson()));
    INDArray out = b.output(Nd4j.rand(DataType.FLOAT, 4, 3, 16, 16));
    assertArrayEquals(new long[] {4, 1, 1, 1}, out.shape());
  }
}
