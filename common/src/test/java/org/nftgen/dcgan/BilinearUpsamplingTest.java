package org.nftgen.dcgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.gan.GanFixtures;
import org.nftgen.gan.GradientCheck;

/** The bilinear 2x resize: its values, its gradient, and its place in the generator. */
class BilinearUpsamplingTest {

  @Test
  void eachOutputPixelIsThreeQuartersItsOwnAndAQuarterItsNeighbour() {
    // One row 0, 4, 8 (height 1): along the width 0, 0, 1, 3, 5, 7, 8, 8; the height only doubles.
    INDArray x = Nd4j.createFromArray(new double[] {0, 4, 8}).reshape(1, 1, 1, 3);
    INDArray y = BilinearUpsampling.forward(x);
    assertArrayEquals(new long[] {1, 1, 2, 6}, y.shape());
    double[] row = {0, 1, 3, 5, 7, 8};
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 6; c++) {
        assertEquals(row[c], y.getDouble(0, 0, r, c), 1e-9, "(" + r + ", " + c + ")");
      }
    }
    // The same down a column (width 1): the height is resized as the width is.
    INDArray column = BilinearUpsampling.forward(Nd4j.createFromArray(new double[] {0, 4, 8}).reshape(1, 1, 3, 1));
    assertArrayEquals(new long[] {1, 1, 6, 2}, column.shape());
    for (int r = 0; r < 6; r++) {
      assertEquals(row[r], column.getDouble(0, 0, r, 0), 1e-9, "row " + r);
      assertEquals(row[r], column.getDouble(0, 0, r, 1), 1e-9, "row " + r);
    }
    // A flat map stays flat, to its edges (a flat background must not get a rim).
    INDArray flat = BilinearUpsampling.forward(Nd4j.valueArrayOf(new long[] {2, 3, 4, 4}, 0.7, DataType.DOUBLE));
    assertEquals(0.7, flat.minNumber().doubleValue(), 1e-12);
    assertEquals(0.7, flat.maxNumber().doubleValue(), 1e-12);
  }

  /** The backward pass against central differences of {@code L = sum(e * y)}, in double precision. */
  @Test
  void backwardMatchesNumericalGradient() {
    Nd4j.getRandom().setSeed(5);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 3, 4);
    INDArray e = Nd4j.rand(DataType.DOUBLE, 2, 2, 6, 8).subi(0.5);
    GradientCheck.assertBackwardMatches(BilinearUpsampling::forward, BilinearUpsampling::backward, x, e, 1e-6);
  }

  /** Training runs in float: the float path gives the double path's values, views and all. */
  @Test
  void floatArraysAndViewsGiveTheDoubleValues() {
    Nd4j.getRandom().setSeed(6);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 2, 5, 7);
    INDArray e = Nd4j.rand(DataType.DOUBLE, 3, 2, 10, 14).subi(0.5);
    INDArray y = BilinearUpsampling.forward(x);
    INDArray g = BilinearUpsampling.backward(x, e);
    assertTrue(y.equalsWithEps(BilinearUpsampling.forward(x.castTo(DataType.FLOAT)).castTo(DataType.DOUBLE), 1e-6));
    assertTrue(g.equalsWithEps(BilinearUpsampling.backward(x.castTo(DataType.FLOAT), e.castTo(DataType.FLOAT))
        .castTo(DataType.DOUBLE), 1e-5));
    // A view into a larger array (the second and third images) reads only its own values.
    INDArray big = Nd4j.rand(DataType.DOUBLE, 4, 2, 5, 7);
    INDArray view = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3));
    assertTrue(view.isView());
    assertEquals(BilinearUpsampling.forward(view.dup()), BilinearUpsampling.forward(view));
    // A 'f'-ordered copy of the same values gives the same result.
    assertEquals(y, BilinearUpsampling.forward(x.dup('f')));
  }

  /** The bilinear generator has the resize one's parameters and shapes; only the resize differs. */
  @Test
  void theGeneratorUsesItFromTheSetting() {
    DcganSettings resize = GanFixtures.settings("nftgen.dcgan.upsampling=resize").withShape(16, 8, 8, 32);
    DcganSettings bilinear = GanFixtures.settings("nftgen.dcgan.upsampling=bilinear").withShape(16, 8, 8, 32);
    MultiLayerNetwork a = new MultiLayerNetwork(DcganModels.generator(resize));
    a.init();
    MultiLayerNetwork b = new MultiLayerNetwork(DcganModels.generator(bilinear));
    b.init();
    assertEquals(a.numParams(), b.numParams());
    // The nearest resize and its convolution are one layer (ResizeConvolutionLayer), the bilinear two.
    assertEquals(a.getnLayers() + resize.scaleBlocks(), b.getnLayers());
    long layers = java.util.stream.IntStream.range(0, b.getnLayers())
        .filter(i -> b.getLayer(i) instanceof BilinearUpsampling).count();
    assertEquals(resize.scaleBlocks(), layers);
    // Checkpoints rebuild networks from their JSON configuration.
    assertEquals(b.getLayerWiseConfigurations(), MultiLayerConfiguration.fromJson(b.getLayerWiseConfigurations().toJson()));
    assertNotEquals(a.getLayerWiseConfigurations(), b.getLayerWiseConfigurations());
    assertNotEquals(new BilinearUpsamplingLayer(), new org.nftgen.gan.MinibatchStdLayer());
    assertEquals(new BilinearUpsamplingLayer(), new BilinearUpsamplingLayer());
    b.setParams(a.params());
    INDArray z = Nd4j.randn(DataType.FLOAT, 2, 16, 1, 1);
    INDArray images = b.output(z, false);
    assertArrayEquals(new long[] {2, 3, 32, 32}, images.shape());
    assertTrue(!images.equalsWithEps(a.output(z, false), 1e-4), "the same weights through another resize");
  }
}
