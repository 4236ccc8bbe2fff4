package org.nftgen.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GeneratorLossTest {
  /** Three images; D1 is fooled worse on the first and third, D2 on the second. */
  private static final double[][] LOSSES = {{2.0, 0.5, 1.0}, {1.0, 3.0, 1.0}};

  @Test
  void maxTakesTheLargerLossPerImageAndOnlyThatDiscriminatorsGradient() {
    double[] combined = new double[3];
    double[][] w = GeneratorLoss.MAX_OF_ALL.weights(LOSSES, combined);
    assertArrayEquals(new double[] {2.0, 3.0, 1.0}, combined);
    assertArrayEquals(new double[] {1, 0, 1}, w[0], "ties go to the first discriminator");
    assertArrayEquals(new double[] {0, 1, 0}, w[1]);
  }

  @Test
  void meanAndWeightedSumsWeighEveryDiscriminator() {
    double[] combined = new double[3];
    double[][] w = new GeneratorLoss(GeneratorLoss.Kind.MEAN, new double[0], 1).weights(LOSSES, combined);
    assertArrayEquals(new double[] {1.5, 1.75, 1.0}, combined, 1e-12);
    assertArrayEquals(new double[] {0.5, 0.5, 0.5}, w[1]);
    w = new GeneratorLoss(GeneratorLoss.Kind.WEIGHTED, new double[] {0.25, 0.75}, 1).weights(LOSSES, combined);
    assertArrayEquals(new double[] {1.25, 2.375, 1.0}, combined, 1e-12);
    assertArrayEquals(new double[] {0.25, 0.25, 0.25}, w[0]);
    assertThrows(IllegalArgumentException.class,
        () -> new GeneratorLoss(GeneratorLoss.Kind.WEIGHTED, new double[] {1}, 1).weights(LOSSES, new double[3]));
  }

  @Test
  void softmaxIsASmoothMaxThatTendsToMax() {
    double[] combined = new double[3];
    double[][] w = new GeneratorLoss(GeneratorLoss.Kind.SOFTMAX, new double[0], 1).weights(LOSSES, combined);
    // t log(e^{2} + e^{1}) for the first image; weights e^2 / (e^2 + e) and e / (e^2 + e).
    assertEquals(Math.log(Math.exp(2) + Math.exp(1)), combined[0], 1e-12);
    assertEquals(Math.exp(2) / (Math.exp(2) + Math.exp(1)), w[0][0], 1e-12);
    assertEquals(1.0, w[0][1] + w[1][1], 1e-12);
    assertEquals(1.0 + Math.log(2), combined[2], 1e-12);
    // Cold: the weights become max's; the value approaches the max from above.
    double[][] cold = new GeneratorLoss(GeneratorLoss.Kind.SOFTMAX, new double[0], 0.01).weights(LOSSES, combined);
    assertEquals(1.0, cold[0][0], 1e-12);
    assertEquals(1.0, cold[1][1], 1e-12);
    assertEquals(3.0, combined[1], 1e-12);
    // No overflow for losses far beyond exp's range.
    new GeneratorLoss(GeneratorLoss.Kind.SOFTMAX, new double[0], 0.01).weights(new double[][] {{900}, {800}}, combined);
    assertEquals(900, combined[0], 1e-9);
  }

  @Test
  void conjunctionMovesFromThePerImageMinimumToTheConfiguredLoss() {
    double[] combined = new double[3];
    // c = 0: the OR, each image's most fooled discriminator alone (ties to the first).
    double[][] w = GeneratorLoss.MAX_OF_ALL.weights(LOSSES, combined, 0);
    assertArrayEquals(new double[] {1.0, 0.5, 1.0}, combined);
    assertArrayEquals(new double[] {0, 1, 1}, w[0]);
    assertArrayEquals(new double[] {1, 0, 0}, w[1]);
    // c = 0.25: a quarter max, three quarters min, per image.
    w = GeneratorLoss.MAX_OF_ALL.weights(LOSSES, combined, 0.25);
    assertArrayEquals(new double[] {0.75 * 1.0 + 0.25 * 2.0, 0.75 * 0.5 + 0.25 * 3.0, 1.0}, combined, 1e-12);
    assertArrayEquals(new double[] {0.25, 0.75, 1.0}, w[0], 1e-12);
    assertArrayEquals(new double[] {0.75, 0.25, 0.0}, w[1], 1e-12);
    // c = 1 is the configured loss exactly, for mean too.
    GeneratorLoss mean = new GeneratorLoss(GeneratorLoss.Kind.MEAN, new double[0], 1);
    double[] plain = new double[3];
    assertArrayEquals(mean.weights(LOSSES, plain)[1], mean.weights(LOSSES, combined, 1)[1]);
    assertArrayEquals(plain, combined);
    assertThrows(IllegalArgumentException.class, () -> mean.weights(LOSSES, combined, 1.5));
  }
}
