package org.nftgen.gan;

import java.io.Serializable;

/**
 * What one GAN iteration measured, each from the forward pass that its update used (training-mode
 * batch norm): the discriminator's mean cross-entropy on the real batch (label REAL) and on the
 * fakes (label FAKE), the generator's loss (D's cross-entropy on fresh fakes labelled REAL), and the
 * mean probability of "real" that D gave the real images and the D-step fakes, before its update;
 * and how varied the D-step fakes were next to the real batch ({@link BatchDiversity}). With trait
 * classification ({@code nftgen.dcgan.trait-classification}), D's cross-entropy of the real images'
 * traits in its step and of the fakes' intended traits in G's step (summed over trait types; 0 without it).
 */
public record StepStats(double dLossReal, double dLossFake, double gLoss, double meanDReal, double meanDFake,
    double diversity, double traitLossReal, double traitLossFake) implements Serializable {

  /**
   * The discriminator half: its losses and mean outputs on the real images and the fakes, and its
   * trait classification's cross-entropy on the real images (0 without it).
   */
  public record Discriminator(double lossReal, double lossFake, double meanReal, double meanFake, double traitLoss)
      implements Serializable {}

  /**
   * The generator half: its combined loss on fresh fakes labelled REAL (with one D, D's
   * cross-entropy), D_1's mean output on them, and per discriminator its mean output and the mean
   * weight its loss had in the combination (for MAX: the share of images on which it was the max);
   * and D's trait classification's cross-entropy of the fakes' intended traits (0 without it).
   */
  public record Generator(double loss, double meanFake, double[] meanFakePerD, double[] weightPerD, double traitLoss)
      implements Serializable {}

  public static StepStats of(Discriminator d, Generator g, double diversity) {
    return new StepStats(d.lossReal(), d.lossFake(), g.loss(), d.meanReal(), d.meanFake(), diversity, d.traitLoss(),
        g.traitLoss());
  }
}
