package org.nftgen.gan;

/**
 * A layer that can skip its parameters' gradients in a backward pass that only needs the gradient
 * with respect to its input: the generator's step backpropagates through D for D's input gradient
 * and throws D's parameter gradient away ({@link Backprop#inputGradient}).
 */
public interface InputGradientOnly {
  /** While on, backward passes compute the input gradient only and report no parameter gradients. */
  void setInputGradientOnly(boolean on);
}
