package org.nftgen.gan;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The R1 penalty (Mescheder et al. 2018), {@code gamma / 2 * sum_i |grad_x D(x_i)|^2} at real
 * images, estimated without differentiating a gradient, which DL4J cannot do.
 *
 * <p>For a small Gaussian step {@code delta ~ N(0, sigma^2 I)}, {@code D(x + delta) - D(x) ~=
 * grad_x D . delta}, whose square has expectation {@code sigma^2 |grad_x D|^2}. So {@code gamma /
 * (2 sigma^2) * sum_i (D(x_i + delta_i) - D(x_i))^2} is R1 in expectation, and its gradient with
 * respect to D's parameters is plain backpropagation: {@code (gamma / sigma^2) d_i} into the pass
 * at {@code x + delta} and {@code -(gamma / sigma^2) d_i} into the one at {@code x}, with
 * {@code d_i} the difference. Two forward and two backward passes of D on the real batch.
 *
 * <p>Why not the exact Hessian-vector product by a finite difference of D's parameter gradient
 * along {@code grad_x D}: that gradient jumps wherever a LeakyReLU input crosses 0, and any finite
 * step crosses some, so the estimate spikes (measured on a tiny batch-normalised D: the right
 * value at steps of 1e-4 and 1e-5, ten and twenty times too large at 1e-3 and 3e-4). D itself is
 * continuous, so a difference of its outputs has no such jumps.
 *
 * <p>For a D without batch norm (the spectrally normalised one) each {@code D(x_i)} depends on its
 * own image only and this is R1; with batch norm, where every output depends on the whole batch, it
 * penalises the whole Jacobian of the outputs with respect to the batch, cross terms included.
 */
final class R1Penalty {
  /** Standard deviation of the step per pixel, in [-1, 1] units: small next to the images' range. */
  static final double SIGMA = 1e-2;

  private R1Penalty() {}

  /** The penalty's parameter gradient (running statistics: 0) and its value, both per-example sums. */
  record Estimate(INDArray gradient, double value) {}

  /**
   * With weight {@code gamma} at the reals {@code x} as D takes them (their logits through
   * {@code projection}), the step drawn from {@code rng}.
   */
  static Estimate of(MultiLayerNetwork discriminator, TraitProjection projection, INDArray x, double gamma,
      Random rng) {
    INDArray delta = Nd4j.createUninitialized(x.dataType(), x.shape());
    Nd4j.getExecutioner().exec(new GaussianDistribution(delta, 0.0, SIGMA), rng);
    INDArray atX = projection.logits(Backprop.forward(discriminator, x)).dup();
    INDArray difference = projection.logits(Backprop.forward(discriminator, delta.addi(x))).sub(atX);
    double scale = gamma / (SIGMA * SIGMA);
    double value = scale / 2 * difference.mul(difference).sumNumber().doubleValue();
    // The network holds the pass at x + delta: backpropagate it first.
    Gradient shifted = Backprop.backward(discriminator, projection.outputGradient(difference.mul(scale))).getFirst();
    Backprop.withoutRunningStatistics(shifted);
    INDArray gradient = shifted.gradient().dup();
    Backprop.forward(discriminator, x);
    Gradient unshifted = Backprop.backward(discriminator, projection.outputGradient(difference.mul(-scale)))
        .getFirst();
    Backprop.withoutRunningStatistics(unshifted);
    return new Estimate(gradient.addi(unshifted.gradient()), value);
  }
}
