package org.nftgen.dcgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.config.ConfigLayers;
import org.nftgen.config.SettingsException;
import org.nftgen.gan.GanFixtures;
import org.nftgen.gan.Stabilisers;

class DcganModelsTest {
  private static final DcganSettings DEFAULTS = DcganSettings.from(new ConfigLayers().load());

  private static DcganSettings tiny(int resolution, String... assignments) {
    return GanFixtures.settings(assignments).withShape(16, 8, 8, resolution);
  }

  private static MultiLayerNetwork init(MultiLayerConfiguration conf) {
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  @Test
  void referenceDefaultsAreThePapers() {
    assertEquals(new DcganSettings(100, 64, 64, 64, 2e-4, 2e-4, 0.5, 0.999, 128, 0.2, Upsampling.TRANSPOSED, 0, false, 0.0, 0.0, 0.0, 0.1, 0,
        Stabilisers.NONE, 1234, false, false, 1.0, null), DEFAULTS);
    assertEquals(4, DEFAULTS.scaleBlocks());
  }

  @Test
  void conditionalIsTrueFalseOrLeftToTheDataset() {
    com.typesafe.config.Config auto = new ConfigLayers().overrideAssignment("nftgen.dcgan.conditional=auto").load();
    assertTrue(DcganSettings.conditionalByDataset(auto));
    // Unconditional until the job has read the dataset's traits.
    assertTrue(!DcganSettings.from(auto).conditional());
    com.typesafe.config.Config yes = new ConfigLayers().overrideAssignment("nftgen.dcgan.conditional=true").load();
    assertTrue(DcganSettings.from(yes).conditional() && !DcganSettings.conditionalByDataset(yes));
    assertTrue(!DcganSettings.conditionalByDataset(new ConfigLayers().load()));
    SettingsException e = assertThrows(SettingsException.class, () -> DcganSettings.from(
        new ConfigLayers().overrideAssignment("nftgen.dcgan.conditional=sometimes").load()));
    assertTrue(e.getMessage().contains("nftgen.dcgan.conditional") && e.getMessage().contains("sometimes"), e.getMessage());
  }

  @Test
  void resolutionMustBeAPowerOfTwoItSupports() {
    SettingsException e = assertThrows(SettingsException.class,
        () -> DcganSettings.from(new ConfigLayers().overrideAssignment("nftgen.dcgan.resolution=48").load()));
    assertTrue(e.getMessage().contains("nftgen.dcgan.resolution"), e.getMessage());
    assertEquals(128, DcganSettings.from(
        new ConfigLayers().overrideAssignment("nftgen.dcgan.resolution=128").load()).resolution());
  }

  @ParameterizedTest
  @ValueSource(ints = {32, 64})
  void generatorMapsLatentsToImagesAndDiscriminatorImagesToOneLogit(int resolution) {
    DcganSettings s = tiny(resolution);
    MultiLayerNetwork g = init(DcganModels.generator(s));
    MultiLayerNetwork d = init(DcganModels.discriminator(s));
    Nd4j.getRandom().setSeed(1);
    INDArray z = Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 16, 1, 1);
    INDArray images = g.output(z, false);
    assertArrayEquals(new long[] {3, 3, resolution, resolution}, images.shape());
    assertTrue(images.maxNumber().doubleValue() <= 1 && images.minNumber().doubleValue() >= -1, "tanh range");
    INDArray logits = d.output(images, false);
    assertArrayEquals(new long[] {3, 1, 1, 1}, logits.shape());
  }

  @ParameterizedTest
  @ValueSource(ints = {16, 32, 64})
  void resizeConvolutionGeneratorMakesTheSameShapesWithThreeByThreeKernels(int resolution) {
    DcganSettings s = tiny(resolution, "nftgen.dcgan.upsampling=resize");
    MultiLayerNetwork g = init(DcganModels.generator(s));
    INDArray images = g.output(Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 16, 1, 1), false);
    assertArrayEquals(new long[] {2, 3, resolution, resolution}, images.shape());
    // The 4x4 projection, then per block a 3x3 convolution (and batch norm), the last one to RGB.
    long width = 8L << (s.scaleBlocks() - 1);
    long expected = 16 * width * 16 + 4 * width;
    for (int b = 1; b < s.scaleBlocks(); b++) {
      expected += width * (width / 2) * 9 + 4 * (width / 2);
      width /= 2;
    }
    expected += width * 3 * 9 + 3;
    assertEquals(expected, g.numParams());
    assertNotEquals(DcganModels.generator(tiny(resolution)).toJson(), DcganModels.generator(s).toJson());
  }

  @Test
  void packedDiscriminatorJudgesGroupsOfImagesStackedAlongChannels() {
    DcganSettings s = tiny(32, "nftgen.dcgan.pack=2");
    MultiLayerNetwork d = init(DcganModels.discriminator(s));
    INDArray logits = d.output(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 6, 32, 32), false);
    assertArrayEquals(new long[] {3, 1, 1, 1}, logits.shape());
    // Only the first convolution grows: 3 more input channels times 8 filters times 4x4.
    assertEquals(discriminatorParams(tiny(32)) + 3 * 8 * 16, d.numParams());
  }

  @Test
  void aBatchMustSplitIntoWholePacks() {
    SettingsException e = assertThrows(SettingsException.class, () -> DcganSettings.from(new ConfigLayers()
        .overrideAssignment("nftgen.dcgan.pack=3").load()));
    assertTrue(e.getMessage().contains("128") && e.getMessage().contains("nftgen.dcgan.pack"), e.getMessage());
    assertEquals(4, DcganSettings.from(new ConfigLayers().overrideAssignment("nftgen.dcgan.pack=4").load())
        .stabilisers().pack());
  }

  @Test
  void bilinearStagesAreTheGeneratorsLastOnes() {
    for (int stages = 0; stages <= 4; stages++) {
      DcganSettings s = tiny(64, "nftgen.dcgan.upsampling=resize", "nftgen.dcgan.bilinear-stages=" + stages);
      MultiLayerConfiguration conf = DcganModels.generator(s);
      StringBuilder kinds = new StringBuilder();
      for (int i = 0; i < conf.getConfs().size(); i++) {
        Object layer = conf.getConf(i).getLayer();
        if (layer instanceof BilinearUpsamplingLayer) {
          kinds.append('b');
        } else if (layer instanceof ResizeConvolutionLayer) {
          kinds.append('n');
        }
      }
      assertEquals("nnnn".substring(stages) + "bbbb".substring(4 - stages), kinds.toString(), "bilinear-stages = " + stages);
      // The same parameters whatever the resize: a run can change it and keep its weights' layout.
      assertEquals(init(DcganModels.generator(tiny(64, "nftgen.dcgan.upsampling=resize"))).numParams(), init(conf).numParams());
    }
    SettingsException notResize = assertThrows(SettingsException.class,
        () -> tiny(64, "nftgen.dcgan.upsampling=transposed", "nftgen.dcgan.bilinear-stages=1"));
    assertTrue(notResize.getMessage().contains("nftgen.dcgan.bilinear-stages = 1")
        && notResize.getMessage().contains("transposed"), notResize.getMessage());
    SettingsException tooMany = assertThrows(SettingsException.class,
        () -> DcganSettings.from(new ConfigLayers().overrideAssignment("nftgen.dcgan.upsampling=resize")
            .overrideAssignment("nftgen.dcgan.resolution=32").overrideAssignment("nftgen.dcgan.bilinear-stages=4").load()));
    assertTrue(tooMany.getMessage().contains("3 up-sampling stages"), tooMany.getMessage());
  }

  @Test
  void aGridFactorPutsEveryGeneratedImageOnCellsOfThatManyPixels() {
    for (boolean flatBackground : new boolean[] {false, true}) {
      DcganSettings s = tiny(32, "nftgen.dcgan.upsampling=resize", "nftgen.dcgan.pixel-grid-factor=2",
          "nftgen.dcgan.flat-background=" + flatBackground);
      MultiLayerNetwork g = init(DcganModels.generator(s));
      g.setParams(g.params().mul(30)); // an untrained G paints nearly one colour; larger weights vary it
      INDArray images = g.output(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, s.nz(), 1, 1).subi(0.5));
      assertArrayEquals(new long[] {4, 3, 32, 32}, images.shape());
      float[] v = images.dup().data().asFloat();
      double inside = 0;
      double across = 0;
      for (int plane = 0; plane < 4 * 3; plane++) {
        for (int y = 0; y < 32; y++) {
          for (int x = 0; x < 32; x += 2) {
            int i = plane * 1024 + y * 32 + x;
            inside = Math.max(inside, Math.abs(v[i] - v[i + 1])); // within a cell
            across = Math.max(across, x + 2 < 32 ? Math.abs(v[i + 1] - v[i + 2]) : 0); // between cells
          }
          if (y % 2 == 0) {
            for (int x = 0; x < 32; x++) {
              inside = Math.max(inside, Math.abs(v[plane * 1024 + y * 32 + x] - v[plane * 1024 + (y + 1) * 32 + x]));
            }
          }
        }
      }
      assertEquals(0.0, inside, 1e-6, "every 2x2 cell is one colour (flat background " + flatBackground + ")");
      assertTrue(across > 1e-3, "cells differ from each other: " + across);
      // No parameters of its own: the same weights as without the grid.
      assertEquals(init(DcganModels.generator(tiny(32, "nftgen.dcgan.upsampling=resize",
          "nftgen.dcgan.flat-background=" + flatBackground))).numParams(), g.numParams());
      assertEquals(DcganModels.generator(s), MultiLayerConfiguration.fromJson(DcganModels.generator(s).toJson()));
    }
    SettingsException notADivisor = assertThrows(SettingsException.class,
        () -> DcganSettings.from(new ConfigLayers().overrideAssignment("nftgen.dcgan.pixel-grid-factor=3").load()));
    assertTrue(notADivisor.getMessage().contains("nftgen.dcgan.pixel-grid-factor = 3"), notADivisor.getMessage());
    assertEquals(0, DEFAULTS.gridFactor(), "the seed's DCGAN paints on no grid");
    assertTrue(!DcganSettings.gridByCollection(new ConfigLayers().load()));
  }

  @Test
  void upsamplingIsAChoice() {
    SettingsException e = assertThrows(SettingsException.class, () -> DcganSettings.from(new ConfigLayers()
        .overrideAssignment("nftgen.dcgan.upsampling=bicubic").load()));
    assertTrue(e.getMessage().contains("nftgen.dcgan.upsampling") && e.getMessage().contains("bicubic"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {16, 32, 64, 128})
  void parameterCountsAreTheAnalyticOnes(int resolution) {
    DcganSettings s = tiny(resolution);
    assertEquals(generatorParams(s), init(DcganModels.generator(s)).numParams());
    assertEquals(discriminatorParams(s), init(DcganModels.discriminator(s)).numParams());
  }

  @Test
  void analyticCountMatchesAHandCount() {
    // By hand for 64x64, nz 16, ngf = ndf = 8 (conv weights in*out*16, batch norm 4 per channel):
    // G 16*64*16 + 4*64 + 64*32*16 + 4*32 + 32*16*16 + 4*16 + 16*8*16 + 4*8 + 8*3*16 + 3
    // D 3*8*16 + 8 + 8*16*16 + 4*16 + 16*32*16 + 4*32 + 32*64*16 + 4*64 + 64*16 + 1
    assertEquals(60259, generatorParams(tiny(64)));
    assertEquals(44873, discriminatorParams(tiny(64)));
  }

  @Test
  void buildersArePure() {
    DcganSettings s = tiny(32);
    assertEquals(DcganModels.generator(s).toJson(), DcganModels.generator(s).toJson());
    assertEquals(DcganModels.discriminator(s).toJson(), DcganModels.discriminator(s).toJson());
    assertEquals(DcganModels.generator(s), DcganModels.generator(s));
    // The JSON is what executors rebuild the networks from.
    String json = DcganModels.discriminator(s).toJson();
    assertEquals(json, MultiLayerConfiguration.fromJson(json).toJson());
    assertNotEquals(DcganModels.generator(s).toJson(), DcganModels.generator(s.withShape(16, 4, 8, 32)).toJson());
    // Same seed, same initial weights.
    assertEquals(init(DcganModels.generator(s)).params(), init(DcganModels.generator(s)).params());
  }

  /**
   * Transposed convolutions in*out*4*4 weights (bias only on the output layer), batch norm gamma,
   * beta, running mean and running variance per channel (DL4J stores all four as parameters).
   */
  static long generatorParams(DcganSettings s) {
    int blocks = s.scaleBlocks();
    long width = (long) s.ngf() << (blocks - 1);
    long count = s.nz() * width * 16 + 4 * width;
    for (int b = 1; b < blocks; b++) {
      count += width * (width / 2) * 16 + 4 * (width / 2);
      width /= 2;
    }
    return count + width * 3 * 16 + 3;
  }

  /** Convolutions in*out*4*4 weights, bias on the first and last only; batch norm 4 per channel. */
  static long discriminatorParams(DcganSettings s) {
    long width = s.ndf();
    long count = 3 * width * 16 + width;
    for (int b = 1; b < s.scaleBlocks(); b++) {
      count += width * (width * 2) * 16 + 4 * (width * 2);
      width *= 2;
    }
    return count + width * 16 + 1;
  }
}
