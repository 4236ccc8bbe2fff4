package org.nftgen.dcgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nftgen.config.SettingsException;
import org.nftgen.gan.GanFixtures;
import org.nftgen.gan.Stabilisers;

class FlatBackgroundLayerTest {
  private static final DcganSettings TINY =
      layered("nftgen.dcgan.flat-background=true");

  /** Tiny layered-output settings with these {@code --set} assignments. */
  private static DcganSettings layered(String... assignments) {
    return GanFixtures.settings(assignments).withShape(16, 8, 8, 16);
  }

  private static final DcganSettings RESIZED = layered("nftgen.dcgan.flat-background=true", "nftgen.dcgan.upsampling=resize");

  private static MultiLayerNetwork generator(DcganSettings s) {
    MultiLayerNetwork g = new MultiLayerNetwork(DcganModels.generator(s));
    g.init();
    return g;
  }

  @ParameterizedTest
  @EnumSource(Upsampling.class)
  void theLayeredGeneratorMakesImagesOfTheSameShapeInTanhRange(Upsampling upsampling) {
    MultiLayerNetwork g = generator(layered("nftgen.dcgan.flat-background=true", "nftgen.dcgan.upsampling=" + upsampling.name().toLowerCase(java.util.Locale.ROOT)));
    INDArray images = g.output(Nd4j.randn(DataType.FLOAT, 3, 16, 1, 1), false);
    assertArrayEquals(new long[] {3, 3, 16, 16}, images.shape());
    assertTrue(images.maxNumber().doubleValue() <= 1 && images.minNumber().doubleValue() >= -1);
    // Its last convolution makes the seven channels the layer composites.
    assertEquals(FlatBackgroundLayer.INPUT_CHANNELS, g.getLayerWiseConfigurations()
        .getConf(g.getnLayers() - 2).getLayer() instanceof org.deeplearning4j.nn.conf.layers.FeedForwardLayer f
        ? f.getNOut() : -1);
  }

  @Test
  void withTheMaskClosedEveryPixelIsTheImagesOneBackgroundColour() {
    MultiLayerNetwork g = generator(RESIZED);
    // The mask channel's bias far negative: sigmoid(mask) ~ 0 everywhere.
    INDArray bias = g.getLayer(g.getnLayers() - 2).getParam("b");
    bias.putScalar(3, -40f);
    INDArray images = g.output(Nd4j.randn(DataType.FLOAT, 2, 16, 1, 1), false);
    for (int i = 0; i < 2; i++) {
      for (int c = 0; c < 3; c++) {
        INDArray plane = images.get(NDArrayIndex.point(i), NDArrayIndex.point(c), NDArrayIndex.all(), NDArrayIndex.all());
        assertEquals(0.0, plane.maxNumber().doubleValue() - plane.minNumber().doubleValue(), 1e-6,
            "image " + i + " channel " + c + " is not one colour");
      }
    }
    // Opened, the foreground shows.
    bias.putScalar(3, 40f);
    INDArray open = g.output(Nd4j.randn(DataType.FLOAT, 1, 16, 1, 1), false);
    INDArray red = open.get(NDArrayIndex.point(0), NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.all());
    assertTrue(red.maxNumber().doubleValue() - red.minNumber().doubleValue() > 1e-4);
  }

  @Test
  void aFreshGeneratorStartsWithTheMaskNearlyClosed() {
    MultiLayerNetwork g = generator(RESIZED);
    INDArray images = g.output(Nd4j.randn(DataType.FLOAT, 4, 16, 1, 1), false);
    for (int i = 0; i < 4; i++) {
      INDArray plane = images.get(NDArrayIndex.point(i), NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.all());
      // At most sigmoid(MASK_OFFSET) of a foreground in [-1, 1] shows: a spread of at most ~0.1.
      assertTrue(plane.maxNumber().doubleValue() - plane.minNumber().doubleValue() < 0.12, "image " + i);
    }
  }

  @Test
  void gradientsFlowThroughTheCompositeIntoEveryChannel() {
    MultiLayerNetwork g = generator(RESIZED);
    g.setInput(Nd4j.randn(DataType.FLOAT, 4, 16, 1, 1));
    g.feedForward(true, false);
    INDArray epsilon = Nd4j.rand(DataType.FLOAT, 4, 3, 16, 16);
    var gradient = g.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces())
        .getFirst();
    INDArray lastBias = gradient.getGradientFor((g.getnLayers() - 2) + "_b");
    assertEquals(FlatBackgroundLayer.INPUT_CHANNELS, lastBias.length());
    for (int c = 0; c < FlatBackgroundLayer.INPUT_CHANNELS; c++) {
      assertFalse(lastBias.getDouble(c) == 0, "no gradient reaches channel " + c + ": " + Arrays.toString(lastBias.toFloatVector()));
    }
  }

  @Test
  void theMaskPenaltyTravelsInTheNetworksJsonAndPushesTheMaskClosedInBackprop() {
    DcganSettings penalised = layered("nftgen.dcgan.flat-background=true", "nftgen.dcgan.upsampling=resize", "nftgen.dcgan.mask-penalty=3");
    var conf = DcganModels.generator(penalised);
    var restored = MultiLayerConfiguration.fromJson(conf.toJson());
    var last = restored.getConf(restored.getConfs().size() - 1).getLayer();
    assertEquals(3.0, ((FlatBackgroundLayer) last).getMaskPenalty());
    assertEquals(conf, restored);
    assertNotEquals(DcganModels.generator(RESIZED), restored);

    DcganSettings binarised = layered("nftgen.dcgan.flat-background=true", "nftgen.dcgan.upsampling=resize",
        "nftgen.dcgan.mask-penalty=3", "nftgen.dcgan.mask-binarisation=10");
    var binarisedConf = DcganModels.generator(binarised);
    var binarisedRestored = MultiLayerConfiguration.fromJson(binarisedConf.toJson());
    var binarisedLast = binarisedRestored.getConf(binarisedRestored.getConfs().size() - 1).getLayer();
    assertEquals(10.0, ((FlatBackgroundLayer) binarisedLast).getMaskBinarisation());
    assertEquals(binarisedConf, binarisedRestored);
    assertNotEquals(conf, binarisedRestored);

    // With no adversarial signal at all, only the penalty moves G: the mask channel's bias gets a
    // positive gradient (descent closes the mask), the colour channels none.
    MultiLayerNetwork g = generator(penalised);
    g.setInput(Nd4j.randn(DataType.FLOAT, 4, 16, 1, 1));
    g.feedForward(true, false);
    var gradient = g.backpropGradient(Nd4j.zeros(DataType.FLOAT, 4, 3, 16, 16),
        LayerWorkspaceMgr.noWorkspaces()).getFirst();
    INDArray lastBias = gradient.getGradientFor((g.getnLayers() - 2) + "_b");
    for (int c = 0; c < FlatBackgroundLayer.INPUT_CHANNELS; c++) {
      if (c == 3) {
        assertTrue(lastBias.getDouble(c) > 0, Arrays.toString(lastBias.toFloatVector()));
      } else {
        assertEquals(0.0, lastBias.getDouble(c), 0.0, "channel " + c);
      }
    }
  }

  @Test
  void withPackedImagesThePenaltyPerImageIsDividedByThePackSize() {
    // The GAN step divides G's summed gradient by the n / pack logits D gives, not by n images.
    DcganSettings packed = layered("nftgen.dcgan.flat-background=true", "nftgen.dcgan.mask-penalty=3",
        "nftgen.dcgan.mask-binarisation=5", "nftgen.dcgan.pack=2");
    var confs = DcganModels.generator(packed).getConfs();
    FlatBackgroundLayer last = (FlatBackgroundLayer) confs.get(confs.size() - 1).getLayer();
    assertEquals(1.5, last.getMaskPenalty(), 1e-12);
    assertEquals(2.5, last.getMaskBinarisation(), 1e-12);
  }

  @Test
  void aMaskPenaltyWithoutTheLayeredOutputIsRefusedNamingTheKey() {
    var e = assertThrows(SettingsException.class,
        () -> layered("nftgen.dcgan.mask-penalty=1"));
    assertTrue(e.getMessage().contains("nftgen.dcgan.mask-penalty"), e.getMessage());
    assertTrue(e.getMessage().contains("nftgen.dcgan.flat-background"), e.getMessage());
    var b = assertThrows(SettingsException.class,
        () -> layered("nftgen.dcgan.mask-binarisation=1"));
    assertTrue(b.getMessage().contains("nftgen.dcgan.mask-binarisation"), b.getMessage());
  }
}
