package org.nftgen.dcgan;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nftgen.gan.ParameterlessFunction;

/**
 * The working side of {@link ConditionTapLayer}: identity forward and backward, and on each forward
 * pass the condition {@code [n, w]} is published for the rest of that pass on this thread.
 *
 * <p>Why a thread-local: a forward pass runs its layers one after another on one thread, so what
 * the tap publishes at layer 0 is what every later layer of the same pass reads; Spark's tasks each
 * have their own thread. Each {@link ConditionalModulation} keeps the condition it read beside its
 * own input, so a backward pass uses the condition of the forward pass that made its input, as DL4J
 * layers do with their inputs.
 */
final class ConditionTap extends ParameterlessFunction<ConditionTapLayer> {
  private static final ThreadLocal<INDArray> CURRENT = new ThreadLocal<>();

  ConditionTap(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /**
   * The condition of the forward pass under way on this thread, for a batch of {@code n} with
   * {@code width} numbers per condition; an error names what is missing when no tap published one
   * of that shape.
   */
  static INDArray current(long n, long width) {
    INDArray c = CURRENT.get();
    if (c == null || c.size(0) != n || c.size(1) != width) {
      throw new IllegalStateException("Conditional batch norm needs the traits' condition [" + n + ", " + width
          + "] from a condition tap earlier in the same forward pass; found "
          + (c == null ? "none" : java.util.Arrays.toString(c.shape())));
    }
    return c;
  }

  @Override
  protected INDArray apply(INDArray x) {
    long nz = layerConf().getLatentSize();
    // Outside any workspace: inference passes run in one that is closed after the pass, and the
    // modulation layers keep the condition for their backward pass.
    try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
      INDArray condition = x.get(NDArrayIndex.all(), NDArrayIndex.interval(nz, x.size(1)), NDArrayIndex.point(0),
          NDArrayIndex.point(0)).dup('c');
      CURRENT.set(condition.reshape('c', x.size(0), x.size(1) - nz));
    }
    return x;
  }

  @Override
  protected INDArray gradient(INDArray x, INDArray e) {
    return e;
  }
}
