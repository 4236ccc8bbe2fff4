package org.nftgen.dcgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.config.SettingsException;
import org.nftgen.gan.GanFixtures;
import org.nftgen.gan.GradientCheck;

/** The flatness penalty: its gradient, what it pulls and leaves alone, and its place in the generator. */
class FlatnessPenaltyTest {

  /** The backward pass against central differences of {@code sum(e * x) + sum over images of the penalty}. */
  @Test
  void backwardMatchesNumericalGradient() {
    Nd4j.getRandom().setSeed(7);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 5).muli(0.6);
    INDArray e = Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 5).subi(0.5);
    double penalty = 2.5;
    double threshold = 0.25;
    GradientCheck.assertGradientMatches(v -> objective(v, e, penalty, threshold),
        FlatnessPenalty.backward(x, e, penalty, threshold), x, 1e-6);
  }

  private static double objective(INDArray x, INDArray e, double penalty, double threshold) {
    return x.mul(e).sumNumber().doubleValue() + Arrays.stream(FlatnessPenalty.values(x, penalty, threshold)).sum();
  }

  @Test
  void smallDifferencesArePulledTogetherAndEdgesLeftAlone() {
    // One row: a faint step (0.05) then an edge (0.5), with threshold 0.1.
    INDArray x = Nd4j.createFromArray(new double[] {0, 0.05, 0.55}).reshape(1, 1, 1, 3);
    INDArray g = FlatnessPenalty.backward(x, Nd4j.zeros(DataType.DOUBLE, 1, 1, 1, 3), 3, 0.1);
    double unit = 3.0 / 3; // penalty / (c h w)
    // Gradient descent moves against the gradient: the darker side of the faint step up, the
    // lighter side down; the edge adds nothing to either.
    assertEquals(-unit, g.getDouble(0, 0, 0, 0), 1e-12, "the darker side of the faint step");
    assertEquals(unit, g.getDouble(0, 0, 0, 1), 1e-12, "the lighter side of the faint step");
    assertEquals(0, g.getDouble(0, 0, 0, 2), 1e-12, "beyond the edge nothing moves");
    // A flat image costs nothing and gets no gradient; the forward pass is the identity.
    INDArray flat = Nd4j.valueArrayOf(new long[] {2, 3, 8, 8}, 0.3, DataType.DOUBLE);
    assertEquals(0, FlatnessPenalty.backward(flat, Nd4j.zeros(DataType.DOUBLE, 2, 3, 8, 8), 3, 0.1).amaxNumber().doubleValue());
    assertEquals(0, FlatnessPenalty.values(flat, 3, 0.1)[1]);
    // The output gradient passes through unchanged where there is nothing to flatten.
    INDArray e = Nd4j.rand(DataType.DOUBLE, 2, 3, 8, 8);
    assertEquals(e, FlatnessPenalty.backward(flat, e, 3, 0.1));
    assertEquals(e, FlatnessPenalty.backward(Nd4j.rand(DataType.DOUBLE, 2, 3, 8, 8), e, 0, 0.1));
    // Float arrays give the double values.
    INDArray r = Nd4j.rand(DataType.DOUBLE, 2, 3, 8, 8).muli(0.2);
    assertTrue(FlatnessPenalty.backward(r, e, 3, 0.1).equalsWithEps(
        FlatnessPenalty.backward(r.castTo(DataType.FLOAT), e.castTo(DataType.FLOAT), 3, 0.1).castTo(DataType.DOUBLE), 1e-5));
  }

  @Test
  void theGeneratorEndsWithItWhenSetAndPerImageWhateverThePack() {
    DcganSettings plain = GanFixtures.settings("nftgen.dcgan.upsampling=resize").withShape(16, 8, 8, 16);
    DcganSettings packed = GanFixtures.settings("nftgen.dcgan.upsampling=resize", "nftgen.dcgan.flatness-penalty=4",
        "nftgen.dcgan.flatness-threshold=0.2", "nftgen.dcgan.pack=2").withShape(16, 8, 8, 16);
    MultiLayerConfiguration g = DcganModels.generator(packed);
    int last = g.getConfs().size() - 1;
    FlatnessPenaltyLayer layer = assertInstanceOf(FlatnessPenaltyLayer.class, g.getConf(last).getLayer());
    // The GAN step divides G's gradient by the number of packs, so the layer's share is per pack.
    assertEquals(2.0, layer.getPenalty(), 1e-12);
    assertEquals(0.2, layer.getThreshold(), 1e-12);
    assertEquals(DcganModels.generator(plain).getConfs().size() + 1, g.getConfs().size());
    // Checkpoints rebuild networks from their JSON configuration.
    assertEquals(g, MultiLayerConfiguration.fromJson(g.toJson()));
    SettingsException e = assertThrows(SettingsException.class,
        () -> GanFixtures.settings("nftgen.dcgan.flatness-threshold=0"));
    assertTrue(e.getMessage().contains("nftgen.dcgan.flatness-threshold"), e.getMessage());
  }
}
