package org.nftgen.dcgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nftgen.gan.Backprop;
import org.nftgen.gan.GanFixtures;

/**
 * The fused batch norm is DL4J's batch norm and activation layer: same parameters, outputs,
 * gradients and running statistics, in training and in inference, in float and double.
 */
class BatchNormActivationTest {
  private static final int CHANNELS = 3;
  private static final List<IActivation> ACTIVATIONS = List.of(Activation.IDENTITY.getActivationFunction(),
      Activation.RELU.getActivationFunction(), new ActivationLReLU(0.2));

  private static NeuralNetConfiguration.ListBuilder list() {
    return new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT).updater(new Adam(0.01)).list();
  }

  private static MultiLayerNetwork dl4j(IActivation activation, DataType type) {
    NeuralNetConfiguration.ListBuilder list = list();
    list.layer(new BatchNormalization.Builder().build());
    list.layer(new ActivationLayer.Builder().activation(activation).build());
    return init(list, type);
  }

  private static MultiLayerNetwork fused(IActivation activation, DataType type) {
    NeuralNetConfiguration.ListBuilder list = list();
    list.layer(new BatchNormActivationLayer(activation));
    return init(list, type);
  }

  private static MultiLayerNetwork init(NeuralNetConfiguration.ListBuilder list, DataType type) {
    list.setInputType(InputType.convolutional(4, 6, CHANNELS, CNN2DFormat.NCHW));
    MultiLayerNetwork net = new MultiLayerNetwork(list.build());
    net.init();
    return net.convertDataType(type);
  }

  private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
    assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
    double scale = Math.max(1.0, expected.amaxNumber().doubleValue());
    double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    assertTrue(diff <= tolerance * scale, what + ": largest difference " + diff + " of " + scale);
  }

  /** Random gamma, beta and running statistics, the same in both. */
  private static void randomParameters(MultiLayerNetwork reference, MultiLayerNetwork fused, DataType type) {
    Nd4j.getRandom().setSeed(17);
    INDArray p = Nd4j.rand(type, 1, reference.numParams()).muli(1.5).addi(0.25);
    reference.setParams(p);
    fused.setParams(p.dup());
  }

  private static void assertSameTraining(IActivation activation, DataType type, double tolerance) {
    MultiLayerNetwork reference = dl4j(activation, type);
    MultiLayerNetwork fused = fused(activation, type);
    assertEquals(reference.params(), fused.params(), "the same parameters from the same initialisation");
    randomParameters(reference, fused, type);
    // Maps with an offset mean and a spread, so the normalisation has work to do; 'f' order to
    // check the layer reads a copy of arrays it cannot read in place.
    INDArray x = Nd4j.randn(type, 5, CHANNELS, 4, 6).muli(2).addi(0.7);
    INDArray expected = Backprop.forward(reference, x.dup());
    INDArray actual = Backprop.forward(fused, x.dup('f'));
    assertClose(expected, actual, tolerance, activation + " output");
    // The output gradient as DL4J's convolutions hand theirs back: a permuted array whose order
    // flag still says C.
    INDArray e = Nd4j.randn(type, 6, 4, 5, CHANNELS).permute(2, 3, 1, 0);
    assertArrayEquals(expected.shape(), e.shape());
    Pair<Gradient, INDArray> ref = Backprop.backward(reference, e.dup('c'));
    Pair<Gradient, INDArray> got = Backprop.backward(fused, e);
    assertClose(ref.getSecond(), got.getSecond(), tolerance, activation + " input gradient");
    for (String key : List.of(BatchNormalizationParamInitializer.GAMMA, BatchNormalizationParamInitializer.BETA,
        BatchNormalizationParamInitializer.GLOBAL_MEAN, BatchNormalizationParamInitializer.GLOBAL_LOG_STD)) {
      assertClose(ref.getFirst().getGradientFor("0_" + key), got.getFirst().getGradientFor("0_" + key), tolerance,
          activation + " " + key);
    }
    // One optimiser step each: Adam on gamma and beta, DL4J's no-op step on the running statistics.
    Backprop.applyUpdate(reference, ref.getFirst(), 5);
    Backprop.applyUpdate(fused, got.getFirst(), 5);
    assertClose(reference.params(), fused.params(), tolerance, activation + " parameters after a step");
    // Inference uses the running statistics (through DL4J's inference workspace).
    INDArray y = Nd4j.randn(type, 2, CHANNELS, 4, 6);
    assertClose(reference.output(y, false), fused.output(y, false), tolerance, activation + " inference");
  }

  @Test
  void equalsDl4jsBatchNormAndActivationInDouble() {
    for (IActivation activation : ACTIVATIONS) {
      assertSameTraining(activation, DataType.DOUBLE, 1e-8);
    }
  }

  @Test
  void equalsDl4jsBatchNormAndActivationInFloat() {
    for (IActivation activation : ACTIVATIONS) {
      assertSameTraining(activation, DataType.FLOAT, 2e-5);
    }
  }

  /** DL4J's older parameterisation of the running variance (not log10 std): its steps match too. */
  @Test
  void keepsARunningVarianceLikeDl4j() {
    NeuralNetConfiguration.ListBuilder a = list();
    a.layer(new BatchNormalization.Builder().useLogStd(false).build());
    MultiLayerNetwork reference = init(a, DataType.DOUBLE);
    BatchNormActivationLayer layer = new BatchNormActivationLayer(Activation.IDENTITY.getActivationFunction());
    layer.setUseLogStd(false);
    NeuralNetConfiguration.ListBuilder b = list();
    b.layer(layer);
    MultiLayerNetwork fused = init(b, DataType.DOUBLE);
    randomParameters(reference, fused, DataType.DOUBLE);
    INDArray x = Nd4j.randn(DataType.DOUBLE, 5, CHANNELS, 4, 6).muli(2).addi(0.7);
    Backprop.forward(reference, x.dup());
    Backprop.forward(fused, x.dup());
    INDArray e = Nd4j.randn(DataType.DOUBLE, 5, CHANNELS, 4, 6);
    Gradient ref = Backprop.backward(reference, e.dup()).getFirst();
    Gradient got = Backprop.backward(fused, e.dup()).getFirst();
    String var = "0_" + BatchNormalizationParamInitializer.GLOBAL_VAR;
    assertTrue(ref.getGradientFor(var).amaxNumber().doubleValue() > 0, "the variance moves");
    assertClose(ref.getGradientFor(var), got.getGradientFor(var), 1e-8, "running variance step");
    assertClose(reference.output(x, false), fused.output(x, false), 1e-8, "inference from the running variance");
  }

  @Test
  void theNetworksUseItAndItsConfigurationSurvivesJson() {
    DcganSettings seed = GanFixtures.settings().withShape(4, 4, 4, 16);
    MultiLayerConfiguration g = DcganModels.generator(seed);
    MultiLayerConfiguration d = DcganModels.discriminator(seed);
    for (MultiLayerConfiguration conf : List.of(g, d)) {
      assertTrue(conf.getConfs().stream().noneMatch(c -> c.getLayer() instanceof ActivationLayer
          || c.getLayer().getClass() == BatchNormalization.class), "no separate norm or activation left");
      assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()));
    }
    long norms = g.getConfs().stream().filter(c -> c.getLayer() instanceof BatchNormActivationLayer).count();
    assertEquals(seed.scaleBlocks(), norms, "one after every layer of G but the last");
    BatchNormActivationLayer first = (BatchNormActivationLayer) d.getConfs().stream()
        .map(c -> c.getLayer()).filter(l -> l instanceof BatchNormActivationLayer).findFirst().orElseThrow();
    assertEquals(new ActivationLReLU(seed.leakyReluSlope()), first.getActivationFn());
    // DL4J's batch norm defaults, which snapshots of the older networks were trained with.
    BatchNormalization defaults = new BatchNormalization.Builder().build();
    assertEquals(defaults.getDecay(), first.getDecay());
    assertEquals(defaults.getEps(), first.getEps());
    assertEquals(defaults.isUseLogStd(), first.isUseLogStd());
  }

  @Test
  void refusesWhatItCannotCompute() {
    IllegalArgumentException tanh = assertThrows(IllegalArgumentException.class,
        () -> new BatchNormActivationLayer(Activation.TANH.getActivationFunction()));
    assertTrue(tanh.getMessage().contains("identity, ReLU or leaky ReLU"), tanh.getMessage());
    MultiLayerNetwork net = fused(Activation.RELU.getActivationFunction(), DataType.FLOAT);
    IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
        () -> net.output(Nd4j.rand(DataType.FLOAT, 2, CHANNELS + 1, 4, 6)));
    assertTrue(wide.getMessage().contains("[n, " + CHANNELS + ", h, w]"), wide.getMessage());
    // A backward pass with no training-mode forward pass before it has no batch statistics.
    MultiLayerNetwork fresh = fused(Activation.RELU.getActivationFunction(), DataType.FLOAT);
    fresh.getLayer(0).setInput(Nd4j.rand(DataType.FLOAT, 2, CHANNELS, 4, 6), LayerWorkspaceMgr.noWorkspaces());
    IllegalStateException noStats = assertThrows(IllegalStateException.class,
        () -> fresh.getLayer(0).backpropGradient(Nd4j.rand(DataType.FLOAT, 2, CHANNELS, 4, 6), LayerWorkspaceMgr.noWorkspaces()));
    assertTrue(noStats.getMessage().contains("training-mode forward pass"), noStats.getMessage());
    // Nor with an inference pass since the training one: its statistics belong to another input.
    MultiLayerNetwork used = fused(Activation.RELU.getActivationFunction(), DataType.FLOAT);
    Backprop.forward(used, Nd4j.rand(DataType.FLOAT, 2, CHANNELS, 4, 6));
    used.getLayer(0).activate(Nd4j.rand(DataType.FLOAT, 2, CHANNELS, 4, 6), false, LayerWorkspaceMgr.noWorkspaces());
    IllegalStateException stale = assertThrows(IllegalStateException.class,
        () -> used.getLayer(0).backpropGradient(Nd4j.rand(DataType.FLOAT, 2, CHANNELS, 4, 6), LayerWorkspaceMgr.noWorkspaces()));
    assertTrue(stale.getMessage().contains("training-mode forward pass"), stale.getMessage());
  }
}
