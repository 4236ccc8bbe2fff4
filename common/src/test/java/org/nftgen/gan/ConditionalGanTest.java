package org.nftgen.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.data.TraitLabels;
import org.nftgen.dcgan.DcganModels;
import org.nftgen.dcgan.DcganSettings;

/**
 * The conditional DCGAN: G takes the traits beside z, D judges by projection. Its data: solid
 * images whose colour is their one trait (red or blue), so a G that learnt the condition makes red
 * images when asked for Red and blue ones when asked for Blue.
 */
class ConditionalGanTest {
  /** One trait type, Colour, Red for 3 tokens in 4 and Blue for the rest. */
  static final TraitLabels COLOURS = new TraitLabels(List.of("Colour"), Map.of("Colour", List.of("Blue", "Red")),
      Map.of("Colour", List.of(25, 75)), Map.of());
  /**
   * With the quality recipe's spectrally normalised D. With the seed's batch-normalised D the same
   * G made red for both colours for over a thousand steps: D normalises a batch of fakes by its own
   * statistics, so a batch of only red fakes hides the colour the projection needs to judge.
   */
  static final DcganSettings CONDITIONAL = GanFixtures.settings("nftgen.dcgan.spectral-norm=true", "nftgen.dcgan.conditional=true")
      .withShape(8, 8, 8, 16).withBatch(16).withConditions(COLOURS);

  private static final float[] RED = {0.8f, -0.7f, -0.7f};
  private static final float[] BLUE = {-0.7f, -0.7f, 0.8f};

  @Test
  void generatorAskedForAColourMakesIt() throws Exception {
    try (GanStep gan = DcganModels.newGan(CONDITIONAL)) {
      java.util.Random random = new java.util.Random(3);
      for (int i = 0; i < 300; i++) {
        int[][] classes = new int[16][];
        for (int k = 0; k < 16; k++) {
          classes[k] = new int[] {random.nextInt(2)};
        }
        gan.step(images(classes, random), TraitCondition.oneHot(COLOURS, classes));
      }
      double[] asRed = GanFixtures.meanColour(sample(gan, 1));
      double[] asBlue = GanFixtures.meanColour(sample(gan, 0));
      // Measured (300 steps, ~20 s): Red made [0.54, -0.51, -0.54], Blue [-0.38, -0.39, 0.44]; with
      // the projection's condition zeroed in D, both [0.44, -0.45, -0.38]: one colour for both.
      // Red's red channel well above its blue one, and the other way round for Blue.
      assertTrue(asRed[0] - asRed[2] > 0.5, "asked for Red: " + java.util.Arrays.toString(asRed));
      assertTrue(asBlue[2] - asBlue[0] > 0.5, "asked for Blue: " + java.util.Arrays.toString(asBlue));
    }
  }

  @Test
  void traitClassificationTeachesDToReadTheRealImagesTraitsAndGToDrawWhatDReads() throws Exception {
    int[][] classes = new int[16][];
    for (int k = 0; k < 16; k++) {
      classes[k] = new int[] {k % 3 == 0 ? 0 : 1};
    }
    INDArray real = images(classes, new java.util.Random(5));
    INDArray condition = TraitCondition.oneHot(COLOURS, classes);
    DcganSettings classifying = GanFixtures.settings("nftgen.dcgan.spectral-norm=true", "nftgen.dcgan.conditional=true",
        "nftgen.dcgan.trait-classification=1").withShape(8, 8, 8, 16).withBatch(16).withConditions(COLOURS);
    TraitProjection reading = TraitProjection.of(condition, 1, new int[] {2}, 1.0);
    // D's steps alone, from the same weights: with the classification D reads the real images'
    // colours better than without.
    double[] dReading = new double[2];
    double[][] reported = new double[2][STEPS]; // the cross-entropy each step reports (loss/traits_real)
    try (GanStep plain = DcganModels.newGan(CONDITIONAL); GanStep classified = DcganModels.newGan(classifying)) {
      GanStep[] gans = {plain, classified};
      for (int g = 0; g < 2; g++) {
        for (int i = 0; i < STEPS; i++) {
          reported[g][i] = gans[g].trainDiscriminator(0, real, condition).traitLoss();
        }
        dReading[g] = crossEntropy(reading, gans[g].discriminator().output(real, false));
      }
    }
    assertEquals(0.0, java.util.Arrays.stream(reported[0]).max().orElseThrow(), "no classification, nothing reported");
    assertTrue(reported[1][0] > 0.1 && reported[1][STEPS - 1] < reported[1][0] - 0.01,
        "the classifying D's reported cross-entropy falls: " + java.util.Arrays.toString(reported[1]));
    assertTrue(dReading[1] < dReading[0] - 0.01, "D's cross-entropy on real traits, plain / classifying: "
        + java.util.Arrays.toString(dReading));
    // G's steps alone against the same D: with the classification G's fakes read as the colours
    // they were made for better than without.
    double[] gReading = new double[2];
    try (GanStep plain = DcganModels.newGan(CONDITIONAL); GanStep classified = DcganModels.newGan(classifying)) {
      GanStep[] gans = {plain, classified};
      for (int g = 0; g < 2; g++) {
        for (int i = 0; i < STEPS; i++) {
          gans[g].trainDiscriminator(0, real, condition); // D must read colours for G to learn from it
        }
      }
      // Both Ds are the classifying one's, so both Gs learn against the same judge.
      plain.discriminator().params().assign(classified.discriminator().params());
      for (int g = 0; g < 2; g++) {
        for (int i = 0; i < STEPS; i++) {
          double fakeTraitLoss = gans[g].trainGenerator(16, condition).traitLoss();
          assertTrue(g == 0 ? fakeTraitLoss == 0 : fakeTraitLoss > 0, "G's step reports " + fakeTraitLoss);
        }
        INDArray fakes = Backprop.forward(gans[g].generator(),
            TraitCondition.generatorInput(latents(16), condition, COLOURS));
        gReading[g] = crossEntropy(reading, classified.discriminator().output(fakes, false));
      }
    }
    assertTrue(gReading[1] < gReading[0] - 0.01, "D's cross-entropy on the fakes' traits, plain / classifying G: "
        + java.util.Arrays.toString(gReading));
  }

  private static final int STEPS = 10;

  /** Fixed latents, the same for every G that is compared. */
  private static INDArray latents(int n) {
    Nd4j.getRandom().setSeed(99);
    return Nd4j.randn(DataType.FLOAT, n, 8, 1, 1);
  }

  private static double crossEntropy(TraitProjection projection, INDArray output) {
    return projection.addClassificationGradient(output, Nd4j.zeros(DataType.FLOAT, output.shape()));
  }

  @Test
  void aPackedConditionalDiscriminatorHasValueChannelsPerImageOfAPack() throws Exception {
    DcganSettings packed = GanFixtures.settings("nftgen.dcgan.spectral-norm=true", "nftgen.dcgan.conditional=true",
        "nftgen.dcgan.pack=2", "nftgen.dcgan.trait-classification=1").withShape(8, 8, 8, 16).withBatch(16)
        .withConditions(COLOURS);
    int[][] classes = new int[16][];
    for (int k = 0; k < 16; k++) {
      classes[k] = new int[] {k % 2};
    }
    try (GanStep gan = DcganModels.newGan(packed)) {
      StepStats stats = gan.step(images(classes, new java.util.Random(2)), TraitCondition.oneHot(COLOURS, classes));
      assertTrue(Double.isFinite(stats.gLoss()), stats.toString());
      INDArray out = gan.discriminator().output(Nd4j.zeros(DataType.FLOAT, 8, 6, 16, 16), false);
      assertArrayEquals(new long[] {8, 1 + 2 * 2, 1, 1}, out.shape());
    }
  }

  @Test
  void traitClassificationChangesNothingOfAnUnconditionalGan() throws Exception {
    INDArray real = GanFixtures.solidImages(16, 16, 1);
    DcganSettings unconditional = GanFixtures.settings("nftgen.dcgan.trait-classification=1").withShape(8, 8, 8, 16)
        .withBatch(16);
    try (GanStep plain = DcganModels.newGan(GanFixtures.settings().withShape(8, 8, 8, 16).withBatch(16));
        GanStep ignored = DcganModels.newGan(unconditional)) {
      assertEquals(plain.step(real), ignored.step(real));
      assertArrayEquals(plain.snapshot().generatorParams(), ignored.snapshot().generatorParams());
    }
  }

  @Test
  void theTraitClassificationIsTheCrossEntropyOfEachTypesValueChannels() {
    // Two types, Colour (2 values) and Size (3): channels [psi, Blue, Red, S, M, L].
    TraitLabels two = new TraitLabels(List.of("Colour", "Size"),
        Map.of("Colour", List.of("Blue", "Red"), "Size", List.of("S", "M", "L")),
        Map.of("Colour", List.of(1, 1), "Size", List.of(1, 1, 1)), Map.of());
    // Image 0: Red, L. Image 1: Blue, no Size (not scored for Size).
    INDArray condition = TraitCondition.oneHot(two, new int[][] {{1, 2}, {0, -1}});
    float[] values = {0.3f, 1f, -1f, 0.5f, 2f, -0.5f, -2f, 0.2f, 0.7f, 9f, 9f, 9f};
    INDArray out = Nd4j.createFromArray(values).reshape(2, 6, 1, 1);
    TraitProjection projection = TraitProjection.of(condition, 1, new int[] {2, 3}, 2.0);
    INDArray gradient = Nd4j.zeros(DataType.FLOAT, 2, 6, 1, 1);
    double loss = projection.addClassificationGradient(out, gradient);
    double expected = (-logSoftmax(new double[] {1, -1}, 1) - logSoftmax(new double[] {0.5, 2, -0.5}, 2)
        - logSoftmax(new double[] {0.2, 0.7}, 0)) / 2;
    assertEquals(expected, loss, 1e-5);
    float[] g = checkedGradient(projection, values, 2, 2.0);
    assertEquals(0f, g[0]);
    assertEquals(0f, g[6]);
    for (int i = 9; i < 12; i++) {
      assertEquals(0f, g[i], "image 1 has no Size: channel " + i + " is not scored");
    }
  }

  @Test
  void eachImageOfAPackIsClassifiedOnItsOwnChannels() {
    TraitLabels two = new TraitLabels(List.of("Colour", "Size"),
        Map.of("Colour", List.of("Blue", "Red"), "Size", List.of("S", "M", "L")),
        Map.of("Colour", List.of(1, 1), "Size", List.of(1, 1, 1)), Map.of());
    // One pack of two: Red + L, then Blue + no Size. Channels [psi, B, R, S, M, L (image 1), B, R, S, M, L (image 2)].
    INDArray condition = TraitCondition.oneHot(two, new int[][] {{1, 2}, {0, -1}});
    TraitProjection projection = TraitProjection.of(condition, 2, new int[] {2, 3}, 1.0);
    float[] values = {0.3f, 1f, -1f, 0.5f, 2f, -0.5f, -2f, 0.2f, 0.7f, 9f, 9f};
    double loss = crossEntropy(projection, Nd4j.createFromArray(values).reshape(1, 11, 1, 1));
    double expected = -logSoftmax(new double[] {1, -1}, 1) - logSoftmax(new double[] {0.5, 2, -0.5}, 2)
        - logSoftmax(new double[] {-2, 0.2}, 0);
    assertEquals(expected, loss, 1e-5);
    float[] g = checkedGradient(projection, values, 1, 1.0);
    for (int i = 8; i < 11; i++) {
      assertEquals(0f, g[i], "image 2 has no Size: channel " + i + " is not scored");
    }
  }

  /**
   * The classification's gradient for D output {@code values} ({@code m} judgements), checked
   * against central differences of its loss: weight x d(sum of the cross-entropies) / d(output).
   */
  private static float[] checkedGradient(TraitProjection projection, float[] values, int m, double weight) {
    int width = values.length / m;
    INDArray gradient = Nd4j.zeros(DataType.FLOAT, m, width, 1, 1);
    projection.addClassificationGradient(Nd4j.createFromArray(values).reshape(m, width, 1, 1), gradient);
    float[] g = gradient.reshape(-1).toFloatVector();
    for (int i = 0; i < values.length; i++) {
      float[] up = values.clone();
      float[] down = values.clone();
      up[i] += 1e-2f;
      down[i] -= 1e-2f;
      double lossUp = crossEntropy(projection, Nd4j.createFromArray(up).reshape(m, width, 1, 1));
      double lossDown = crossEntropy(projection, Nd4j.createFromArray(down).reshape(m, width, 1, 1));
      assertEquals(weight * m * (lossUp - lossDown) / 2e-2, g[i], 1e-3, "channel " + i);
    }
    return g;
  }

  private static double logSoftmax(double[] v, int k) {
    double sum = 0;
    for (double x : v) {
      sum += Math.exp(x);
    }
    return v[k] - Math.log(sum);
  }

  @Test
  void discriminatorLogitIsTheProjectionOfItsChannels() {
    // D's output channels [psi, e_Blue, e_Red] and the image's condition: logit = psi + e_value.
    INDArray out = Nd4j.createFromArray(new float[] {0.5f, 2f, -3f, 1f, 10f, 20f}).reshape(2, 3, 1, 1);
    INDArray condition = TraitCondition.oneHot(COLOURS, new int[][] {{1}, {0}});
    TraitProjection projection = TraitProjection.of(condition, 1);
    assertArrayEquals(new float[] {0.5f - 3f, 1f + 10f}, projection.logits(out).reshape(-1).toFloatVector(), 1e-6f);
    INDArray gradient = projection.outputGradient(Nd4j.createFromArray(new float[] {2f, -1f}).reshape(2, 1, 1, 1));
    assertArrayEquals(new float[] {2f, 0f, 2f, -1f, -1f, 0f}, gradient.reshape(-1).toFloatVector(), 1e-6f);
    // A pack of two (Red, Blue) has a set of value channels per image: [psi, Blue1, Red1, Blue2, Red2].
    INDArray packed = TraitProjection.of(TraitCondition.oneHot(COLOURS, new int[][] {{1}, {0}}), 2)
        .logits(Nd4j.createFromArray(new float[] {1f, 2f, 4f, 8f, 16f}).reshape(1, 5, 1, 1));
    assertEquals(1f + 4f + 8f, packed.getFloat(0), 1e-6f);
  }

  @Test
  void refusesMissingOrMisshapenConditions() throws Exception {
    try (GanStep gan = DcganModels.newGan(CONDITIONAL)) {
      INDArray real = GanFixtures.solidImages(16, 16, 1);
      IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> gan.step(real));
      assertTrue(missing.getMessage().contains("needs [16, 2] trait conditions, got none"), missing.getMessage());
      assertThrows(IllegalArgumentException.class, () -> gan.step(real, Nd4j.zeros(DataType.FLOAT, 16, 3)));
    }
    try (GanStep plain = DcganModels.newGan(GanFixtures.TINY)) {
      assertThrows(IllegalArgumentException.class,
          () -> plain.step(GanFixtures.solidImages(8, 16, 1), Nd4j.zeros(DataType.FLOAT, 8, 2)));
    }
    assertThrows(IllegalStateException.class, () -> GanFixtures.settings("nftgen.dcgan.conditional=true").conditionWidth());
  }

  @Test
  void aResumedConditionalRunRepeatsTheUninterruptedOne() throws Exception {
    int[][] classes = new int[16][];
    for (int k = 0; k < 16; k++) {
      classes[k] = new int[] {k % 3 == 0 ? 0 : 1};
    }
    INDArray real = images(classes, new java.util.Random(5));
    INDArray condition = TraitCondition.oneHot(COLOURS, classes);
    try (GanStep a = DcganModels.newGan(CONDITIONAL); GanStep b = DcganModels.newGan(CONDITIONAL)) {
      a.step(real, condition);
      b.restore(a.snapshot());
      assertEquals(a.step(real, condition), b.step(real, condition));
    }
  }

  /** Solid images of each class's colour, each shifted a little. */
  private static INDArray images(int[][] classes, java.util.Random random) {
    INDArray images = Nd4j.create(DataType.FLOAT, classes.length, 3, 16, 16);
    for (int i = 0; i < classes.length; i++) {
      float[] colour = classes[i][0] == 1 ? RED : BLUE;
      for (int c = 0; c < 3; c++) {
        images.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i), org.nd4j.linalg.indexing.NDArrayIndex.point(c))
            .assign(colour[c] + (random.nextFloat() - 0.5f) * 0.1f);
      }
    }
    return images;
  }

  /** 32 images of the sampling generator, all made for class {@code c}. */
  private static INDArray sample(GanStep gan, int c) {
    int[][] classes = new int[32][];
    java.util.Arrays.fill(classes, new int[] {c});
    INDArray z = gan.sampleLatents(32);
    return gan.sampler().output(TraitCondition.generatorInput(z, TraitCondition.oneHot(COLOURS, classes), COLOURS), false);
  }
}
