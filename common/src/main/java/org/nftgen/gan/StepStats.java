package org.nftgen.gan;

import java.io.Serializable;

/**
 * What one GAN iteration measured, each from the forward pass that its update used (training-mode
 * batch norm): the discriminator's mean cross-entropy on the real batch (label REAL) and on the
 * fakes (label FAKE), the generator's loss (D's cross-entropy on fresh fakes labelled REAL), and the
 * mean probability of "real" that D gave the real images and the D-step fakes, before its update;
 * and how varied the D-step fakes were next to the real batch ({@link BatchDiversity}).
 */
public record StepStats(double dLossReal, double dLossFake, double gLoss, double meanDReal, double meanDFake,
    double diversity) implements Serializable {

  /** The discriminator half: its losses and mean outputs on the real images and the fakes. */
  public record Discriminator(double lossReal, double lossFake, double meanReal, double meanFake)
      implements Serializable {}

  /**
   * The generator half: its combined loss on fresh fakes labelled REAL (with one D, D's
   * cross-entropy), D_1's mean output on them, and per discriminator its mean output and the mean
   * weight its loss had in the combination (for MAX: the share of images on which it was the max).
   */
  public record Generator(double loss, double meanFake, double[] meanFakePerD, double[] weightPerD)
      implements Serializable {}

  public static StepStats of(Discriminator d, Generator g, double diversity) {
    return new StepStats(d.lossReal(), d.lossFake(), g.loss(), d.meanReal(), d.meanFake(), diversity);
  }
}
