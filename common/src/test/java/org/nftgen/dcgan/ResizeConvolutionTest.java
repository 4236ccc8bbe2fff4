package org.nftgen.dcgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.gan.Backprop;
import org.nftgen.gan.GanFixtures;

/**
 * The resize convolution is the 2x nearest resize and 3x3 convolution it replaces: same parameters,
 * same outputs, same gradients, in float (oneDNN's path) and double (libnd4j's own).
 */
class ResizeConvolutionTest {
  private static final int IN = 4;
  private static final int OUT = 5;

  private static NeuralNetConfiguration.ListBuilder list() {
    return new NeuralNetConfiguration.Builder().seed(12).dataType(DataType.FLOAT)
        .weightInit(new NormalDistribution(0.0, 0.3)).list();
  }

  /** DL4J's own layers: what the generator was made of before. */
  private static MultiLayerNetwork resizeThenConvolve(boolean bias, Activation activation) {
    NeuralNetConfiguration.ListBuilder list = list();
    list.layer(new Upsampling2D.Builder().size(2).build());
    list.layer(new ConvolutionLayer.Builder().kernelSize(3, 3).stride(1, 1).convolutionMode(ConvolutionMode.Same)
        .dataFormat(CNN2DFormat.NCHW).nOut(OUT).hasBias(bias).activation(activation).build());
    list.setInputType(InputType.convolutional(6, 5, IN, CNN2DFormat.NCHW));
    MultiLayerNetwork net = new MultiLayerNetwork(list.build());
    net.init();
    return net;
  }

  private static MultiLayerNetwork fused(boolean bias, Activation activation) {
    NeuralNetConfiguration.ListBuilder list = list();
    list.layer(new ResizeConvolutionLayer(OUT, bias, activation));
    list.setInputType(InputType.convolutional(6, 5, IN, CNN2DFormat.NCHW));
    MultiLayerNetwork net = new MultiLayerNetwork(list.build());
    net.init();
    return net;
  }

  private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
    assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
    double scale = Math.max(1.0, expected.amaxNumber().doubleValue());
    double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    assertTrue(diff <= tolerance * scale, what + ": largest difference " + diff + " of " + scale);
  }

  private static void assertSameMaths(boolean bias, Activation activation, DataType type, double tolerance) {
    MultiLayerNetwork reference = resizeThenConvolve(bias, activation).convertDataType(type);
    MultiLayerNetwork fused = fused(bias, activation).convertDataType(type);
    // The same parameters, drawn the same way from the same seed: a snapshot of either fits the other.
    assertEquals(reference.numParams(), fused.numParams());
    assertEquals(reference.params(), fused.params());
    // Random ones beyond the initialisation, the bias too.
    Nd4j.getRandom().setSeed(5);
    reference.setParams(Nd4j.randn(type, 1, reference.numParams()));
    fused.setParams(reference.params().dup());
    INDArray x = Nd4j.randn(type, 3, IN, 6, 5);
    INDArray expected = Backprop.forward(reference, x.dup());
    INDArray actual = Backprop.forward(fused, x.dup());
    assertArrayEquals(new long[] {3, OUT, 12, 10}, actual.shape());
    assertClose(expected, actual, tolerance, "output");
    // The output gradient as DL4J's convolutions hand theirs back: permuted, its order flag still C.
    INDArray e = Nd4j.randn(type, 10, 12, 3, OUT).permute(2, 3, 1, 0);
    assertArrayEquals(expected.shape(), e.shape());
    Pair<Gradient, INDArray> ref = Backprop.backward(reference, e.dup('c'));
    Pair<Gradient, INDArray> got = Backprop.backward(fused, e);
    assertClose(ref.getSecond(), got.getSecond(), tolerance, "input gradient");
    assertClose(ref.getFirst().getGradientFor("1_W"), got.getFirst().getGradientFor("0_W"), tolerance, "weight gradient");
    if (bias) {
      assertClose(ref.getFirst().getGradientFor("1_b"), got.getFirst().getGradientFor("0_b"), tolerance, "bias gradient");
    } else {
      assertEquals(null, got.getFirst().getGradientFor("0_b"));
    }
    assertNotEquals(0.0, got.getFirst().getGradientFor("0_W").amaxNumber().doubleValue());
  }

  @Test
  void equalsTheResizeAndConvolutionItReplacesInDouble() {
    assertSameMaths(true, Activation.TANH, DataType.DOUBLE, 1e-10);
    assertSameMaths(false, Activation.IDENTITY, DataType.DOUBLE, 1e-10);
  }

  @Test
  void equalsTheResizeAndConvolutionItReplacesInFloat() {
    assertSameMaths(true, Activation.TANH, DataType.FLOAT, 1e-5);
    assertSameMaths(false, Activation.IDENTITY, DataType.FLOAT, 1e-5);
  }

  @Test
  void theFoldedKernelIsTheDerivationsOuterProduct() {
    // A rank-one kernel w = u v^T folds to k(u) k(v)^T, with k(w0, w1, w2) = (w2, w1 + w2, w0 + w1, w0)
    // along each axis (the derivation in ResizeConvolution's comment, worked by hand here).
    INDArray u = Nd4j.createFromArray(1f, 2f, 3f);
    INDArray v = Nd4j.createFromArray(4f, 5f, 7f);
    INDArray w = u.reshape(3, 1).mmul(v.reshape(1, 3)).reshape(1, 1, 3, 3);
    INDArray ku = Nd4j.createFromArray(3f, 5f, 3f, 1f);
    INDArray kv = Nd4j.createFromArray(7f, 12f, 9f, 4f);
    INDArray expected = ku.reshape(4, 1).mmul(kv.reshape(1, 4));
    assertEquals(expected, ResizeConvolution.foldKernel(w).reshape(4, 4));
  }

  @Test
  void theResizeGeneratorUsesItAndItsConfigurationSurvivesJson() {
    DcganSettings resize = GanFixtures.settings("nftgen.dcgan.upsampling=resize").withShape(4, 4, 4, 16);
    MultiLayerConfiguration conf = DcganModels.generator(resize);
    long fusedLayers = conf.getConfs().stream().filter(c -> c.getLayer() instanceof ResizeConvolutionLayer).count();
    assertEquals(resize.scaleBlocks(), fusedLayers, "one per doubling of the side");
    assertTrue(conf.getConfs().stream().noneMatch(c -> c.getLayer() instanceof Upsampling2D));
    assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()));
    MultiLayerNetwork g = new MultiLayerNetwork(conf);
    g.init();
    assertArrayEquals(new long[] {2, 3, 16, 16}, g.output(Nd4j.rand(DataType.FLOAT, 2, 4, 1, 1)).shape());
    // Bilinear stages keep their own resize and a plain convolution.
    DcganSettings bilinear = GanFixtures.settings("nftgen.dcgan.upsampling=bilinear").withShape(4, 4, 4, 16);
    assertTrue(DcganModels.generator(bilinear).getConfs().stream()
        .noneMatch(c -> c.getLayer() instanceof ResizeConvolutionLayer));
  }

  @Test
  void featureMapsOfTheWrongWidthAreRefusedByLayer() {
    MultiLayerNetwork net = fused(true, Activation.IDENTITY);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> net.getLayer(0).activate(Nd4j.rand(DataType.FLOAT, 2, IN + 1, 6, 5), false,
            org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces()));
    assertTrue(e.getMessage().contains("[n, " + IN + ", h, w]"), e.getMessage());
    assertInstanceOf(ResizeConvolutionLayer.class, List.of(net.getLayer(0).conf().getLayer()).get(0));
  }
}
