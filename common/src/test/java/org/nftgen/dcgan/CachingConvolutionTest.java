package org.nftgen.dcgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nftgen.gan.Backprop;

/**
 * The caching convolutions are DL4J's to the last bit, and their backward pass uses the forward
 * pass's pre-activation instead of computing it again.
 */
class CachingConvolutionTest {
  private static final List<Activation> ACTIVATIONS = List.of(Activation.IDENTITY, Activation.LEAKYRELU, Activation.TANH);

  private static ConvolutionLayer.Builder conv(Activation activation) {
    return new ConvolutionLayer.Builder().kernelSize(4, 4).stride(2, 2).padding(1, 1)
        .convolutionMode(ConvolutionMode.Truncate).dataFormat(CNN2DFormat.NCHW).nOut(5).hasBias(true)
        .activation(activation);
  }

  private static Deconvolution2D.Builder deconv(Activation activation) {
    return new Deconvolution2D.Builder().kernelSize(4, 4).stride(2, 2).padding(1, 1)
        .convolutionMode(ConvolutionMode.Truncate).dataFormat(CNN2DFormat.NCHW).nOut(5).hasBias(true)
        .activation(activation);
  }

  /** Two layers, so the second's input is the first's output (a backward pass sends a gradient to it). */
  private static MultiLayerNetwork net(Function<Activation, Layer> layer, Activation activation) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
        .updater(new Adam(0.01)).list()
        .layer(layer.apply(activation))
        .layer(layer.apply(activation))
        .setInputType(InputType.convolutional(8, 8, 3, CNN2DFormat.NCHW))
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  private static void assertSameAsDl4j(Function<Activation, Layer> dl4j, Function<Activation, Layer> caching) {
    for (Activation activation : ACTIVATIONS) {
      MultiLayerNetwork reference = net(dl4j, activation);
      MultiLayerNetwork kept = net(caching, activation);
      assertEquals(reference.params(), kept.params(), activation + ": the same initialisation");
      for (int pass = 0; pass < 2; pass++) {
        INDArray x = Nd4j.randn(DataType.FLOAT, 4, 3, 8, 8);
        INDArray out = Backprop.forward(reference, x.dup());
        assertEquals(out, Backprop.forward(kept, x.dup()), activation + ": output");
        INDArray e = Nd4j.randn(DataType.FLOAT, out.shape());
        Pair<Gradient, INDArray> expected = Backprop.backward(reference, e.dup());
        INDArray expectedGradient = expected.getFirst().gradient().dup();
        Pair<Gradient, INDArray> got = Backprop.backward(kept, e.dup());
        assertEquals(expected.getSecond(), got.getSecond(), activation + ": input gradient");
        assertEquals(expectedGradient, got.getFirst().gradient(), activation + ": parameter gradient");
        Backprop.applyUpdate(reference, expected.getFirst(), 4);
        Backprop.applyUpdate(kept, got.getFirst(), 4);
        assertEquals(reference.params(), kept.params(), activation + ": parameters after a step");
      }
    }
  }

  @Test
  void convolutionIsDl4jsToTheLastBit() {
    assertSameAsDl4j(a -> conv(a).build(), a -> CachingConvolutionLayer.of(conv(a)));
  }

  @Test
  void transposedConvolutionIsDl4jsToTheLastBit() {
    assertSameAsDl4j(a -> deconv(a).build(), a -> CachingDeconvolutionLayer.of(deconv(a)));
  }

  /**
   * The backward pass reads the pre-activation of the forward pass: weights changed in between do
   * not reach the activation's derivative (they would if it ran the convolution again). A second
   * backward pass of the same forward pass, and one after a forward pass on another input,
   * compute it again.
   */
  @Test
  void backwardUsesTheForwardPassesPreActivationOnce() {
    MultiLayerNetwork net = net(a -> CachingConvolutionLayer.of(conv(a)), Activation.TANH);
    INDArray x = Nd4j.randn(DataType.FLOAT, 4, 3, 8, 8);
    INDArray e = Nd4j.randn(DataType.FLOAT, Backprop.forward(net, x).shape());
    INDArray freshBias = Backprop.backward(net, e.dup()).getFirst().getGradientFor("1_b").dup();

    Backprop.forward(net, x);
    net.params().muli(1.5);
    INDArray afterChange = Backprop.backward(net, e.dup()).getFirst().getGradientFor("1_b").dup();
    assertEquals(freshBias, afterChange, "the bias gradient is the forward pass's, not the changed weights'");

    INDArray again = Backprop.backward(net, e.dup()).getFirst().getGradientFor("1_b").dup();
    assertNotEquals(freshBias, again, "a second backward pass computes the pre-activation again, with the new weights");

    Backprop.forward(net, x);
    Backprop.forward(net, x.mul(-1));
    INDArray other = Backprop.backward(net, e.dup()).getFirst().getGradientFor("1_b").dup();
    Backprop.forward(net, x.mul(-1));
    INDArray direct = Backprop.backward(net, e.dup()).getFirst().getGradientFor("1_b").dup();
    assertEquals(direct, other, "the latest forward pass's input");
    assertTrue(other.amaxNumber().doubleValue() > 0);
  }
  /** A discriminator's shape: 8 -> 4 -> 2 with leaky ReLU, then a 2x2 valid convolution to one logit. */
  private static MultiLayerNetwork discriminator(int side) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
        .updater(new Adam(0.01)).list()
        .layer(CachingConvolutionLayer.of(conv(Activation.LEAKYRELU)))
        .layer(CachingConvolutionLayer.of(conv(Activation.IDENTITY)))
        .layer(CachingConvolutionLayer.of(new ConvolutionLayer.Builder().kernelSize(2, 2).stride(1, 1)
            .convolutionMode(ConvolutionMode.Truncate).dataFormat(CNN2DFormat.NCHW).nOut(1).hasBias(true)
            .activation(Activation.IDENTITY)))
        .setInputType(InputType.convolutional(side, side, 3, CNN2DFormat.NCHW))
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  /**
   * The input gradient alone (the generator's step through D) equals the full backward pass's,
   * within float rounding (a transposed convolution sums in another order); where the transpose
   * does not give the input's shape back (a 9 px side at stride 2) the layer takes DL4J's pass,
   * bit for bit; afterwards the layers report parameter gradients again.
   */
  @Test
  void inputGradientAloneEqualsTheFullBackwardPasses() {
    for (int side : new int[] {8, 9}) {
      MultiLayerNetwork net = discriminator(side);
      INDArray x = Nd4j.randn(DataType.FLOAT, 4, 3, side, side);
      INDArray logits = Backprop.forward(net, x);
      INDArray e = Nd4j.randn(DataType.FLOAT, logits.shape());
      INDArray full = Backprop.backward(net, e.dup()).getSecond().dup();
      Backprop.forward(net, x);
      INDArray alone = Backprop.inputGradient(net, e.dup());
      double scale = full.amaxNumber().doubleValue();
      double difference = full.sub(alone).amaxNumber().doubleValue();
      if (side == 8) {
        assertTrue(scale > 0 && difference <= 1e-5 * scale, "largest difference " + difference + " of " + scale);
      } else {
        assertEquals(full, alone, "DL4J's backward pass where the transpose does not fit");
      }
      Backprop.forward(net, x);
      Gradient after = Backprop.backward(net, e.dup()).getFirst();
      assertTrue(after.getGradientFor("0_W").amaxNumber().doubleValue() > 0, "parameter gradients again");
    }
  }
}
