package org.nd4j.nativeblas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The forwarding class makes DL4J's oneDNN helper check succeed, and the helpers compute the same. */
class Nd4jCpuTest {
  /** DL4J's switch (HelperUtils.createHelper): helpers are created only when it is "false". */
  private static final String DISABLE = "org.eclipse.deeplearning4j.helpers.disable";

  @Test
  void dl4jsHelperCheckFindsIt() {
    assertEquals(Nd4jCpu.Environment.class.getName(), "org.nd4j.nativeblas.Nd4jCpu$Environment");
    assertTrue(Nd4jCpu.Environment.getInstance().isUseMKLDNN(), "the onednn natives have oneDNN on");
    // This reflective lookup of the old names is what failed (and returned false) before.
    assertTrue(BaseMKLDNNHelper.mklDnnEnabled());
  }

  @Test
  void layersGetOneDnnHelpersOnlyWhenDl4jsSwitchAllowsThem() {
    MultiLayerNetwork plain = withHelpers(null, this::discriminator);
    assertNull(((ConvolutionLayer) plain.getLayer(0)).getHelper());
    MultiLayerNetwork helped = withHelpers("false", this::discriminator);
    assertInstanceOf(MKLDNNConvHelper.class, ((ConvolutionLayer) helped.getLayer(0)).getHelper());
    assertInstanceOf(MKLDNNBatchNormHelper.class, ((BatchNormalization) helped.getLayer(1)).getHelper());
  }

  @Test
  void helpersGiveTheSameOutputsAndGradients() {
    MultiLayerNetwork plain = withHelpers(null, this::discriminator);
    MultiLayerNetwork helped = withHelpers("false", this::discriminator);
    assertEquals(plain.params(), helped.params()); // same seed, same weights
    Nd4j.getRandom().setSeed(3);
    INDArray images = Nd4j.rand(DataType.FLOAT, 4, 3, 16, 16).muli(2).subi(1);
    INDArray outputGradient = Nd4j.rand(DataType.FLOAT, 4, 1, 1, 1);
    Pair<INDArray, INDArray[]> a = forwardBackward(plain, images, outputGradient);
    Pair<INDArray, INDArray[]> b = forwardBackward(helped, images, outputGradient);
    assertClose(a.getFirst(), b.getFirst());
    assertClose(a.getSecond()[0], b.getSecond()[0]);
    assertClose(a.getSecond()[1], b.getSecond()[1]);
  }

  /**
   * A small discriminator of DL4J's own layers (convolution, batch norm, activation), those that have
   * oneDNN helpers: the DCGAN's batch norms are nftgen's fused layer since, which needs none.
   */
  private MultiLayerNetwork discriminator() {
    NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(1)
        .dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).list();
    list.layer(new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder().kernelSize(4, 4).stride(2, 2)
        .padding(1, 1).nOut(8).hasBias(false).activation(Activation.IDENTITY).build());
    list.layer(new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder().build());
    list.layer(new ActivationLayer.Builder().activation(new ActivationLReLU(0.2)).build());
    list.layer(new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder().kernelSize(8, 8).stride(1, 1)
        .nOut(1).activation(Activation.IDENTITY).build());
    list.setInputType(InputType.convolutional(16, 16, 3, CNN2DFormat.NCHW));
    MultiLayerNetwork d = new MultiLayerNetwork(list.build());
    d.init();
    return d;
  }

  /** Helpers are chosen when layers are created: set DL4J's switch around the network's creation. */
  private static MultiLayerNetwork withHelpers(String disable, Supplier<MultiLayerNetwork> create) {
    String old = System.getProperty(DISABLE);
    try {
      if (disable == null) {
        System.clearProperty(DISABLE);
      } else {
        System.setProperty(DISABLE, disable);
      }
      return create.get();
    } finally {
      if (old == null) {
        System.clearProperty(DISABLE);
      } else {
        System.setProperty(DISABLE, old);
      }
    }
  }

  /** (output, [parameter gradient, input gradient]) of one training-mode pass. */
  private static Pair<INDArray, INDArray[]> forwardBackward(MultiLayerNetwork net, INDArray in, INDArray eps) {
    net.setInput(in);
    INDArray out = net.feedForward(true, false).get(net.getnLayers()).dup();
    Pair<org.deeplearning4j.nn.gradient.Gradient, INDArray> g =
        net.backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces());
    return Pair.of(out, new INDArray[] {g.getFirst().gradient().dup(), g.getSecond().dup()});
  }

  private static void assertClose(INDArray expected, INDArray actual) {
    double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
    double diff = expected.sub(actual).amaxNumber().doubleValue();
    assertTrue(diff <= 1e-4 * scale, "max difference " + diff + " at scale " + scale);
  }
}
