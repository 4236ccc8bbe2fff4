package org.nftgen.gan;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The projection discriminator's last step (Miyato & Koyama 2018): D's output has one channel for
 * the unconditional logit and one per trait value (their weights are the values' embeddings, see
 * {@code DcganModels}), and the logit of an image is the first channel plus the channels of its
 * values, that is the inner product of its condition with the embedded features. For a pack of
 * images (PacGAN) the condition is the mean of the pack's. An unconditional D's output is its logit.
 */
final class TraitProjection {
  private static final TraitProjection NONE = new TraitProjection(null);

  /** {@code [m, 1 + width]}: a 1 for the unconditional channel, then the (pack's) condition; null: none. */
  private final INDArray weights;

  private TraitProjection(INDArray weights) {
    this.weights = weights;
  }

  /** An unconditional D: the output is the logit. */
  static TraitProjection none() {
    return NONE;
  }

  /** For D's judgement of {@code [n, width]} conditions in packs of {@code pack}; null: unconditional. */
  static TraitProjection of(INDArray condition, int pack) {
    if (condition == null) {
      return NONE;
    }
    long n = condition.size(0);
    long width = condition.size(1);
    INDArray packed = pack == 1 ? condition : condition.reshape('c', n / pack, pack, width).mean(1);
    INDArray ones = Nd4j.ones(DataType.FLOAT, packed.size(0), 1);
    return new TraitProjection(Nd4j.concat(1, ones, packed.castTo(DataType.FLOAT)));
  }

  /** D's output {@code [m, 1 + width, 1, 1]} -> logits {@code [m, 1, 1, 1]}. */
  INDArray logits(INDArray output) {
    if (weights == null) {
      return output;
    }
    long m = output.size(0);
    if (output.size(1) != weights.size(1) || m != weights.size(0)) {
      throw new IllegalArgumentException("D's output " + java.util.Arrays.toString(output.shape())
          + " does not fit conditions " + java.util.Arrays.toString(weights.shape()));
    }
    return output.reshape('c', m, weights.size(1)).mul(weights).sum(true, 1).reshape('c', m, 1, 1, 1);
  }

  /** The gradient of a loss with respect to D's output, from its gradient with respect to the logits. */
  INDArray outputGradient(INDArray logitGradient) {
    if (weights == null) {
      return logitGradient;
    }
    long m = weights.size(0);
    return weights.mulColumnVector(logitGradient.reshape('c', m, 1)).reshape('c', m, weights.size(1), 1, 1);
  }
}
