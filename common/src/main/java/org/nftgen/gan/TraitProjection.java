package org.nftgen.gan;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The projection discriminator's last step (Miyato & Koyama 2018): D's output has one channel for
 * the unconditional logit and one per trait value (their weights are the values' embeddings, see
 * {@code DcganModels}), and the logit of an image is the first channel plus the channels of its
 * values, that is the inner product of its condition with the embedded features. For a pack of
 * p images (PacGAN) D has p sets of value channels, one per image, and the pack's logit adds each
 * image's values from its own set: a mean of the pack's conditions would not tell D which image
 * should show which trait (docs/traits.md: with the mean, a pack-2 run's fur followed its condition
 * no better than chance). An unconditional D's output is its logit.
 *
 * <p>With a classification weight above 0 the value channels also serve as an auxiliary classifier
 * (as in AC-GAN, Odena et al. 2017, but on D's own projection channels, as P2GAN, Han et al. 2020,
 * combines the two): per trait type, a softmax over its values' channels is scored by cross-entropy
 * against the images' values. D learns it on real images only, G on its fakes for the values they
 * were made for; so G is told directly which value D reads in a fake, not only whether the fake fits
 * the values it was asked for. The projection alone lets G satisfy D with the large traits (a
 * background, a shirt) and leave the small ones a smudge (docs/traits.md).
 */
final class TraitProjection {
  private static final TraitProjection NONE = new TraitProjection(null, null, 0);

  /** {@code [m, 1 + p width]}: a 1 for the unconditional channel, then the pack's p conditions; null: none. */
  private final INDArray weights;
  /** Values per trait type, in the condition's order; null: no classification. */
  private final int[] classCounts;
  /** Weight of the classification's cross-entropy beside the adversarial loss; 0: none. */
  private final double classificationWeight;

  private TraitProjection(INDArray weights, int[] classCounts, double classificationWeight) {
    this.weights = weights;
    this.classCounts = classCounts;
    this.classificationWeight = classificationWeight;
  }

  /** An unconditional D: the output is the logit. */
  static TraitProjection none() {
    return NONE;
  }

  /** For D's judgement of {@code [n, width]} conditions in packs of {@code pack}; null: unconditional. */
  static TraitProjection of(INDArray condition, int pack) {
    return of(condition, pack, null, 0);
  }

  /**
   * The same, with D's value channels also scored as a classifier of the {@code classCounts} trait
   * types at {@code classificationWeight} (0: not).
   */
  static TraitProjection of(INDArray condition, int pack, int[] classCounts, double classificationWeight) {
    if (condition == null) {
      return NONE;
    }
    if (classificationWeight > 0 && (classCounts == null
        || java.util.Arrays.stream(classCounts).sum() != condition.size(1))) {
      throw new IllegalArgumentException("Trait classification needs the class counts of the condition's "
          + condition.size(1) + " numbers, got " + java.util.Arrays.toString(classCounts));
    }
    long n = condition.size(0);
    long width = condition.size(1);
    // In C order, the pack's conditions side by side: image j of a pack has the j-th set of channels.
    INDArray packed = pack == 1 ? condition : condition.dup('c').reshape('c', n / pack, pack * width);
    INDArray ones = Nd4j.ones(DataType.FLOAT, packed.size(0), 1);
    int[] perPack = classCounts == null ? null : new int[classCounts.length * pack];
    for (int j = 0; perPack != null && j < pack; j++) {
      System.arraycopy(classCounts, 0, perPack, j * classCounts.length, classCounts.length);
    }
    return new TraitProjection(Nd4j.concat(1, ones, packed.castTo(DataType.FLOAT)), perPack, classificationWeight);
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

  /** Whether D's value channels are also scored as a classifier. */
  boolean classifies() {
    return weights != null && classificationWeight > 0;
  }

  /**
   * Adds the weighted classification's gradient with respect to D's {@code output [m, 1 + width, 1, 1]}
   * to {@code outputGradient} (same shape), for the condition this projection was made with; returns
   * the classification's cross-entropy, summed over trait types, mean over the m judgements (0 when it
   * is off). Each image of a pack is scored on its own set of channels; a type without a value in
   * the condition is not scored.
   */
  double addClassificationGradient(INDArray output, INDArray outputGradient) {
    if (!classifies()) {
      return 0;
    }
    int m = (int) weights.size(0);
    int width = (int) weights.size(1);
    float[] out = output.reshape('c', m, width).dup('c').data().asFloat();
    float[] target = weights.dup('c').data().asFloat();
    float[] gradient = new float[m * width];
    double loss = 0;
    for (int i = 0; i < m; i++) {
      int offset = i * width + 1;
      for (int count : classCounts) {
        double mass = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < count; c++) {
          mass += target[offset + c];
          max = Math.max(max, out[offset + c]);
        }
        if (mass > 0) {
          double sum = 0;
          for (int c = 0; c < count; c++) {
            sum += Math.exp(out[offset + c] - max);
          }
          double logSum = max + Math.log(sum);
          for (int c = 0; c < count; c++) {
            double logP = out[offset + c] - logSum;
            loss -= target[offset + c] * logP;
            // d/dv of -sum_c t_c log softmax(v)_c = mass * softmax(v) - t
            gradient[offset + c] = (float) (classificationWeight * (mass * Math.exp(logP) - target[offset + c]));
          }
        }
        offset += count;
      }
    }
    outputGradient.addi(Nd4j.create(gradient, new long[] {m, width, 1, 1}, 'c'));
    return loss / m;
  }
}
