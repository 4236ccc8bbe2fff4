package org.nftgen.dcgan;

import java.util.function.Supplier;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A convolution's pre-activation from its latest training-mode forward pass, kept for the
 * backward pass of the same input. DL4J's convolution layers keep it only inside a feed-forward
 * cache workspace, which these GAN steps do not open, and otherwise run the whole convolution a
 * second time at the start of every backward pass: a third of a discriminator's backward time.
 *
 * <p>Kept for one backward pass: DL4J's activations compute their gradient in place over the
 * pre-activation, so a second backward pass of the same forward pass recomputes it. Keyed on the
 * input array's identity, so a backward pass after a forward pass on another input (R1's
 * shifted batch, then the batch again) never pairs with the wrong one.
 */
final class KeptPreOutput {
  private INDArray input;
  private INDArray preOutput;

  /**
   * What a forward pass on {@code input} returned as {@code preOutput}, before {@code activation}
   * overwrote it in place: a copy outside every workspace, since DL4J's feed-forward computes in
   * workspaces that are closed (and their memory reused) before the backward pass. Not for an
   * identity: its backward pass never reads the pre-activation (the gradient passes through
   * unchanged), so the array is kept as it is and no copy is made. Inference keeps nothing.
   */
  void keep(boolean training, INDArray input, INDArray preOutput, IActivation activation) {
    if (!training) {
      clear();
      return;
    }
    this.input = input;
    if (activation instanceof ActivationIdentity) {
      this.preOutput = preOutput;
      return;
    }
    try (MemoryWorkspace outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
      this.preOutput = preOutput.dup();
    }
  }

  /**
   * A DL4J convolution's {@code preOutput(training, forBackprop)} with the keeping around it: a
   * backward pass's call takes the kept pre-activation where there is one, a forward pass's
   * result is kept; {@code compute} runs DL4J's own.
   */
  Pair<INDArray, INDArray> preOutput(INDArray input, boolean training, boolean forBackprop, IActivation activation,
      Supplier<Pair<INDArray, INDArray>> compute) {
    INDArray preOutput = forBackprop ? take(input) : null;
    if (preOutput != null) {
      return new Pair<>(preOutput, null);
    }
    Pair<INDArray, INDArray> computed = compute.get();
    if (!forBackprop) {
      keep(training, input, computed.getFirst(), activation);
    }
    return computed;
  }

  /** The pre-activation kept for {@code input}, handed over once; null when there is none. */
  INDArray take(INDArray input) {
    if (preOutput == null || this.input != input) {
      return null;
    }
    INDArray kept = preOutput;
    clear();
    return kept;
  }

  void clear() {
    input = null;
    preOutput = null;
  }
}
