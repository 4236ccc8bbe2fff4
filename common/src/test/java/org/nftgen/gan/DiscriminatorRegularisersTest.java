package org.nftgen.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nftgen.config.ConfigLayers;
import org.nftgen.config.SettingsException;
import org.nftgen.dcgan.DcganModels;
import org.nftgen.dcgan.DcganSettings;

/** The recipe's discriminator options: R1, two learning rates, and a training step with all of them. */
class DiscriminatorRegularisersTest {
  private static DcganSettings tiny(String... assignments) {
    ConfigLayers layers = new ConfigLayers();
    for (String a : assignments) {
      layers.overrideAssignment(a);
    }
    return DcganSettings.from(layers.load()).withShape(8, 8, 8, 16).withBatch(8);
  }

  /** {@code gamma / 2 * sum_i |grad_x D(x_i)|^2}, from one forward and backward pass. */
  private static double penalty(MultiLayerNetwork d, INDArray x, double gamma) {
    d.setInput(x);
    List<INDArray> activations = d.feedForward(true, false);
    INDArray ones = Nd4j.onesLike(activations.get(activations.size() - 1));
    INDArray inputGradient = d.backpropGradient(ones, LayerWorkspaceMgr.noWorkspaces()).getSecond();
    return gamma / 2 * inputGradient.mul(inputGradient).sumNumber().doubleValue();
  }

  private static org.nd4j.linalg.api.rng.Random rng(long seed) {
    return Nd4j.getRandomFactory().getNewRandomInstance(seed);
  }

  /**
   * For a D without batch norm the estimate is R1: averaged over many random steps it comes to
   * {@code gamma / 2 * |grad_x sum_i D(x_i)|^2} from backpropagation.
   */
  @Test
  void theEstimateAveragesToTheGradientNorm() throws Exception {
    try (GanStep gan = DcganModels.newGan(tiny("nftgen.dcgan.spectral-norm=true"))) {
      MultiLayerNetwork d = gan.discriminator().convertDataType(DataType.DOUBLE);
      Nd4j.getRandom().setSeed(19);
      INDArray x = Nd4j.rand(DataType.DOUBLE, 8, 3, 16, 16).muli(2).subi(1);
      double exact = penalty(d, x, 3);
      org.nd4j.linalg.api.rng.Random steps = rng(23);
      double sum = 0;
      int draws = 200;
      for (int i = 0; i < draws; i++) {
        sum += R1Penalty.of(d, TraitProjection.none(), x, 3, steps).value();
      }
      assertTrue(exact > 1e-6, "a D with no input gradient tests nothing: " + exact);
      assertEquals(exact, sum / draws, 0.1 * exact);
    }
  }

  /**
   * The gradient the penalty applies is its value's derivative: against a central difference along
   * a random direction in parameter space, for the same random step, in double precision, for a
   * spectrally normalised and a batch-normalised D.
   */
  @Test
  void theGradientIsTheEstimatesDerivative() throws Exception {
    for (String spectral : List.of("true", "false")) {
      try (GanStep gan = DcganModels.newGan(tiny("nftgen.dcgan.spectral-norm=" + spectral))) {
        MultiLayerNetwork d = gan.discriminator().convertDataType(DataType.DOUBLE);
        Nd4j.getRandom().setSeed(17);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 8, 3, 16, 16).muli(2).subi(1);
        INDArray gradient = R1Penalty.of(d, TraitProjection.none(), x, 3, rng(29)).gradient();
        INDArray direction = Nd4j.randn(DataType.DOUBLE, 1, d.numParams());
        // Batch norm's running statistics are not parameters: the penalty leaves them alone.
        direction.muli(gradient.neq(0).castTo(DataType.DOUBLE).reshape(direction.shape()));
        INDArray theta = d.params().dup();
        double h = 1e-6;
        d.params().assign(theta.add(direction.mul(h)));
        double up = R1Penalty.of(d, TraitProjection.none(), x, 3, rng(29)).value();
        d.params().assign(theta.sub(direction.mul(h)));
        double down = R1Penalty.of(d, TraitProjection.none(), x, 3, rng(29)).value();
        d.params().assign(theta);
        double numeric = (up - down) / (2 * h);
        double analytic = gradient.reshape(direction.shape()).mul(direction).sumNumber().doubleValue();
        assertTrue(Math.abs(numeric) > 1e-8, "spectral-norm " + spectral + ": a penalty that does not move");
        assertEquals(numeric, analytic, 1e-3 * Math.abs(numeric), "spectral-norm " + spectral);
      }
    }
  }

  /** Lazy R1: the penalty's passes run every r1-every-th D step only, and change what D learns. */
  @Test
  void r1ChangesTheDiscriminatorStepsItIsDueOn() throws Exception {
    INDArray real = GanFixtures.solidImages(8, 16, 5);
    try (GanStep plain = DcganModels.newGan(tiny()); GanStep lazy = DcganModels.newGan(tiny("nftgen.dcgan.r1-gamma=10",
        "nftgen.dcgan.r1-every=2"))) {
      // Step 0 carries the penalty (iteration 0 is a multiple of 2).
      plain.trainDiscriminator(real);
      lazy.trainDiscriminator(real);
      assertNotEquals(java.util.Arrays.toString(plain.snapshot().discriminatorParams()),
          java.util.Arrays.toString(lazy.snapshot().discriminatorParams()));
    }
    assertThrows(SettingsException.class, () -> tiny("nftgen.dcgan.r1-every=0"));
  }

  /** Two time-scales: D's Adam runs at discriminator-learning-rate, G's at learning-rate; 0 means the same. */
  @Test
  void theDiscriminatorHasItsOwnLearningRate() {
    DcganSettings ttur = tiny("nftgen.dcgan.learning-rate=1e-4", "nftgen.dcgan.discriminator-learning-rate=4e-4");
    assertEquals(4e-4, adamRate(new MultiLayerNetwork(DcganModels.discriminator(ttur))), 1e-12);
    assertEquals(1e-4, adamRate(new MultiLayerNetwork(DcganModels.generator(ttur))), 1e-12);
    DcganSettings same = tiny("nftgen.dcgan.learning-rate=3e-4");
    assertEquals(3e-4, same.discriminatorLearningRate(), 1e-12);
    assertEquals(3e-4, adamRate(new MultiLayerNetwork(DcganModels.discriminator(same))), 1e-12);
  }

  private static double adamRate(MultiLayerNetwork net) {
    net.init();
    BaseLayer layer = (BaseLayer) net.getLayerWiseConfigurations().getConf(0).getLayer();
    return ((Adam) layer.getIUpdater()).getLearningRate();
  }

  /**
   * Augmentation, minibatch deviation and R1 together: training stays finite, and a run resumed
   * from a snapshot continues bit for bit as the uninterrupted one (the augmentation's draws come
   * from the step's own RNG, which the snapshot keeps).
   */
  @Test
  void theFullRecipeTrainsAndResumesExactly() throws Exception {
    DcganSettings s = tiny("nftgen.dcgan.augment=[colour, translation, cutout]", "nftgen.dcgan.minibatch-std=true",
        "nftgen.dcgan.r1-gamma=1", "nftgen.dcgan.r1-every=2", "nftgen.dcgan.spectral-norm=true",
        "nftgen.dcgan.flat-background=true", "nftgen.dcgan.upsampling=resize");
    assertEquals(EnumSet.allOf(Augmentation.class), s.stabilisers().augment());
    INDArray real = GanFixtures.solidImages(8, 16, 6);
    GanState middle;
    GanState end;
    try (GanStep gan = DcganModels.newGan(s)) {
      for (int i = 0; i < 3; i++) {
        StepStats stats = gan.step(real);
        assertTrue(Double.isFinite(stats.dLossReal()) && Double.isFinite(stats.gLoss()), "step " + i + ": " + stats);
      }
      middle = gan.snapshot();
      gan.step(real);
      gan.step(real);
      end = gan.snapshot();
    }
    try (GanStep resumed = DcganModels.newGan(s)) {
      resumed.restore(middle);
      resumed.step(real);
      resumed.step(real);
      assertEquals(end, resumed.snapshot());
    }
    assertThrows(SettingsException.class, () -> tiny("nftgen.dcgan.augment=[colour, zoom]"));
  }
}
