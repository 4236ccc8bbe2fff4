package org.nftgen.gan;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Sigmoid cross-entropy of the discriminator's logits against one label for the whole batch, with
 * what the GAN step needs from one forward pass: the mean loss, the mean probability D assigns to
 * "real", and the gradient with respect to the logits.
 *
 * <p>The loss is computed from logits as {@code softplus(l) - y * l}, which does not overflow the
 * way {@code log(sigmoid(l))} does once D is confident; ND4J's own softplus is {@code log(1 + e^l)},
 * infinite from l = 89 in float, hence the stable form here. The gradient is {@code sigmoid(l) - y} per
 * example, not divided by the batch size: DL4J's updater divides by the minibatch size it is given
 * (as for its own loss functions), so the applied step is that of the mean loss. {@code losses} are
 * the per-example losses, in the logits' shape.
 */
public record BinaryCrossEntropy(double meanLoss, double meanProbability, INDArray logitGradient, INDArray losses) {

  /** {@code logits} has one value per example, in any shape (the discriminator's is [n, 1, 1, 1]). */
  public static BinaryCrossEntropy of(INDArray logits, float label) {
    INDArray probability = Transforms.sigmoid(logits, true);
    INDArray loss = softPlus(logits).subi(logits.mul(label));
    INDArray gradient = probability.sub(label);
    return new BinaryCrossEntropy(
        loss.meanNumber().doubleValue(), probability.meanNumber().doubleValue(), gradient, loss);
  }

  /** {@code log(1 + e^l) = max(l, 0) + log(1 + e^-|l|)}, finite for every finite l. */
  static INDArray softPlus(INDArray logits) {
    INDArray tail = Transforms.log(Transforms.exp(Transforms.abs(logits, true).negi(), false).addi(1), false);
    return Transforms.relu(logits, true).addi(tail);
  }
}
