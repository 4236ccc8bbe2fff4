package org.nftgen.dcgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nftgen.data.TraitLabels;
import org.nftgen.gan.Backprop;
import org.nftgen.gan.GanFixtures;
import org.nftgen.gan.GanStep;
import org.nftgen.gan.TraitCondition;

/** Conditional batch norm in G: the traits scale and shift every batch norm's channels per image. */
class ConditionalBatchNormTest {
  /** Two trait types: Colour (2 values) and Hat (3): a condition of 5 numbers. */
  private static final TraitLabels TRAITS = new TraitLabels(List.of("Colour", "Hat"),
      Map.of("Colour", List.of("Blue", "Red"), "Hat", List.of("Cap", "Fez", "None")),
      Map.of("Colour", List.of(25, 75), "Hat", List.of(10, 20, 70)), Map.of());
  private static final DcganSettings SETTINGS = GanFixtures.settings(
          "nftgen.dcgan.spectral-norm=true", "nftgen.dcgan.conditional=true", "nftgen.dcgan.conditional-norm=true",
          "nftgen.dcgan.conditional-norm-scale=3")
      .withShape(4, 4, 4, 16).withBatch(6).withConditions(TRAITS);
  private static final int[][] CLASSES = {{0, 0}, {1, 1}, {1, 2}, {0, 2}, {1, 0}, {-1, 1}};

  private static MultiLayerNetwork generator(DcganSettings s) {
    MultiLayerNetwork g = new MultiLayerNetwork(DcganModels.generator(s));
    g.init();
    return g;
  }

  private static INDArray input(int n, long seed, DataType type) {
    Nd4j.getRandom().setSeed(seed);
    INDArray z = Nd4j.rand(DataType.DOUBLE, n, 4).subi(0.5).muli(2);
    INDArray c = TraitCondition.oneHot(TRAITS, java.util.Arrays.copyOf(CLASSES, n)).castTo(DataType.DOUBLE);
    return Nd4j.hstack(z, c).reshape(n, 4 + 5, 1, 1).castTo(type);
  }

  private static List<Layer> modulations(MultiLayerNetwork g) {
    List<Layer> out = new ArrayList<>();
    for (Layer l : g.getLayers()) {
      if (l.conf().getLayer() instanceof ConditionalModulationLayer) {
        out.add(l);
      }
    }
    return out;
  }

  @Test
  void everyBatchNormOfTheGeneratorIsConditionedAndStartsAsThePlainOne() {
    MultiLayerConfiguration conf = DcganModels.generator(SETTINGS);
    assertInstanceOf(ConditionTapLayer.class, conf.getConf(0).getLayer());
    int norms = 0;
    for (int i = 0; i < conf.getConfs().size(); i++) {
      if (conf.getConf(i).getLayer() instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization) {
        norms++;
        assertInstanceOf(ConditionalModulationLayer.class, conf.getConf(i + 1).getLayer(), "after the norm at layer " + i);
      }
    }
    assertEquals(SETTINGS.scaleBlocks(), norms);
    // What a checkpoint stores: the configuration as JSON, read back equal.
    assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()));
    // Zero embeddings at the start, whatever the network's weight initialisation.
    for (Layer m : modulations(generator(SETTINGS))) {
      assertEquals(0.0, m.params().amaxNumber().doubleValue());
    }
    // Unconditional, the option is ignored: the plain generator, no tap and no modulation.
    DcganSettings unconditional = GanFixtures.settings("nftgen.dcgan.conditional-norm=true").withShape(4, 4, 4, 16);
    assertEquals(DcganModels.generator(GanFixtures.settings().withShape(4, 4, 4, 16)),
        DcganModels.generator(unconditional));
    // Conditional without the option: no tap, and each norm one fused layer in place of the norm,
    // the modulation and the ReLU.
    DcganSettings plain = GanFixtures.settings("nftgen.dcgan.conditional=true")
        .withShape(4, 4, 4, 16).withConditions(TRAITS);
    assertEquals(conf.getConfs().size() - 1 - 2 * SETTINGS.scaleBlocks(), DcganModels.generator(plain).getConfs().size());
  }

  @Test
  void theBackwardPassIsTheDerivativeOfTheForwardPass() {
    MultiLayerNetwork g = generator(SETTINGS).convertDataType(DataType.DOUBLE);
    Nd4j.getRandom().setSeed(7);
    for (Layer m : modulations(g)) {
      m.setParams(Nd4j.randn(DataType.DOUBLE, m.params().shape()).muli(0.3));
    }
    INDArray x = input(6, 11, DataType.DOUBLE);
    INDArray out = Backprop.forward(g, x);
    INDArray e = Nd4j.randn(DataType.DOUBLE, out.shape());
    Gradient gradient = Backprop.backward(g, e).getFirst();
    int checked = 0;
    for (int i = 0; i < g.getnLayers(); i++) {
      if (!(g.getLayer(i).conf().getLayer() instanceof ConditionalModulationLayer)) {
        continue;
      }
      for (String key : List.of(DefaultParamInitializer.WEIGHT_KEY, DefaultParamInitializer.BIAS_KEY)) {
        INDArray param = g.getLayer(i).getParam(key);
        INDArray analytic = gradient.getGradientFor(i + "_" + key);
        for (int k = 0; k < param.length(); k += 3) {
          double v = param.getDouble(k);
          double h = 1e-6;
          param.putScalar(k, v + h);
          double plus = Backprop.forward(g, x).mul(e).sumNumber().doubleValue();
          param.putScalar(k, v - h);
          double minus = Backprop.forward(g, x).mul(e).sumNumber().doubleValue();
          param.putScalar(k, v);
          assertEquals((plus - minus) / (2 * h), analytic.getDouble(k), 1e-5, "layer " + i + " " + key + "[" + k + "]");
          checked++;
        }
      }
    }
    assertTrue(checked >= 40, checked + " derivatives checked");
    // And the input's gradient through the modulation: the deconvolution's weights still get theirs.
    assertNotEquals(0.0, gradient.getGradientFor("1_W").amaxNumber().doubleValue());
  }

  @Test
  void aBatchNormWithoutItsTapSaysWhatIsMissing() throws Exception {
    NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().list();
    list.layer(new ConditionalModulationLayer(5, 3, 1.0));
    list.setInputType(InputType.convolutional(4, 4, 3, org.deeplearning4j.nn.conf.CNN2DFormat.NCHW));
    MultiLayerNetwork net = new MultiLayerNetwork(list.build());
    net.init();
    // On a thread of its own: no tap has published a condition there.
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        net.output(Nd4j.rand(DataType.FLOAT, 2, 3, 4, 4));
      } catch (Throwable e) {
        thrown.set(e);
      }
    });
    t.start();
    t.join();
    assertInstanceOf(IllegalStateException.class, thrown.get());
    assertTrue(thrown.get().getMessage().contains("condition tap"), thrown.get().getMessage());
  }

  @Test
  void trainingLearnsTheEmbeddingsAndSamplesDependOnTheTraitsThroughThem() throws Exception {
    try (GanStep gan = DcganModels.newGan(SETTINGS)) {
      java.util.Random random = new java.util.Random(3);
      for (int i = 0; i < 5; i++) {
        int[][] classes = new int[6][];
        for (int k = 0; k < 6; k++) {
          classes[k] = new int[] {random.nextInt(2), random.nextInt(3)};
        }
        gan.step(GanFixtures.solidImages(6, 16, i), TraitCondition.oneHot(TRAITS, classes));
      }
      for (Layer m : modulations(gan.generator())) {
        assertTrue(m.params().amaxNumber().doubleValue() > 0, "embeddings of layer " + m.getIndex() + " still zero");
      }
      // The same z, and the traits only through the batch norms (G's first-layer weights for the
      // condition zeroed): other traits, other images; with the embeddings zeroed too, the same.
      // (Five steps move the embeddings by about the learning rate each; larger ones show it plainly.)
      MultiLayerNetwork g = gan.generator();
      Nd4j.getRandom().setSeed(9);
      for (Layer m : modulations(g)) {
        m.setParams(Nd4j.randn(DataType.FLOAT, m.params().shape()).muli(0.3));
      }
      INDArray first = g.getLayer(1).getParam(DefaultParamInitializer.WEIGHT_KEY);
      int inputDim = first.size(0) == 9 ? 0 : 1;
      assertEquals(9, first.size(inputDim), "G's first layer takes z and the condition");
      first.get(inputDim == 0 ? NDArrayIndex.interval(4, 9) : NDArrayIndex.all(),
          inputDim == 1 ? NDArrayIndex.interval(4, 9) : NDArrayIndex.all()).assign(0);
      INDArray asked = input(6, 5, DataType.FLOAT);
      INDArray swapped = asked.dup();
      // Each image gets the next one's traits.
      for (int k = 0; k < 6; k++) {
        swapped.get(NDArrayIndex.point(k), NDArrayIndex.interval(4, 9))
            .assign(asked.get(NDArrayIndex.point((k + 1) % 6), NDArrayIndex.interval(4, 9)));
      }
      double moved = g.output(asked, false).sub(g.output(swapped, false)).amaxNumber().doubleValue();
      for (Layer m : modulations(g)) {
        m.params().assign(0);
      }
      double still = g.output(asked, false).sub(g.output(swapped, false)).amaxNumber().doubleValue();
      assertTrue(moved > 1e-3, "other traits moved the images by " + moved);
      assertEquals(0.0, still, 1e-7);
    }
  }
}
