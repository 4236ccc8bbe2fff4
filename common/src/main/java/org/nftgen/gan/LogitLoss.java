package org.nftgen.gan;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One adversarial loss term over a batch of discriminator logits, with what the GAN step needs from
 * one forward pass: the mean loss, the mean probability of "real" that D's logits stand for
 * ({@code sigmoid}, for monitoring whatever the loss), the gradient with respect to the logits per
 * example (not divided by the batch size: DL4J's updater divides by the minibatch size it is
 * given), and the per-example losses, both in the logits' shape.
 */
public record LogitLoss(double meanLoss, double meanProbability, INDArray logitGradient, INDArray losses) {}
