package org.nftgen.dcgan;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nftgen.gan.ParameterlessFunction;

/**
 * The maths of {@link BilinearUpsamplingLayer} on NCHW arrays: {@code [n, c, h, w] -> [n, c, 2h, 2w]},
 * each output pixel 3/4 of its own input pixel and 1/4 of the next one towards it (half-pixel
 * centres, edges replicated). Per axis this is a nearest-neighbour doubling followed by the
 * {@code [1, 2, 1] / 4} blur, and that blur with replicated edges is a symmetric matrix, so the
 * backward pass is the same blur followed by summing each pair back (the doubling's adjoint).
 */
public final class BilinearUpsampling extends ParameterlessFunction<BilinearUpsamplingLayer> {

  public BilinearUpsampling(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  static INDArray forward(INDArray x) {
    check(x);
    return blur(blur(doubled(doubled(x, 2), 3), 2), 3);
  }

  static INDArray backward(INDArray x, INDArray e) {
    check(x);
    return pairSums(pairSums(blur(blur(e, 2), 3), 2), 3);
  }

  private static void check(INDArray x) {
    if (x.rank() != 4) {
      throw new IllegalArgumentException("Bilinear up-sampling takes [n, c, h, w] arrays, not "
          + java.util.Arrays.toString(x.shape()));
    }
  }

  /** Every element repeated twice along {@code axis}. */
  private static INDArray doubled(INDArray x, int axis) {
    long[] shape = x.shape().clone();
    shape[axis] *= 2;
    return Nd4j.stack(axis + 1, x, x).reshape('c', shape);
  }

  /** The sum of each pair of neighbours along {@code axis} (the adjoint of {@link #doubled}). */
  private static INDArray pairSums(INDArray e, int axis) {
    long[] pairs = new long[5];
    long[] shape = e.shape();
    for (int i = 0, j = 0; i < 4; i++) {
      if (i == axis) {
        pairs[j++] = shape[i] / 2;
        pairs[j++] = 2;
      } else {
        pairs[j++] = shape[i];
      }
    }
    return e.dup('c').reshape('c', pairs).sum(axis + 1);
  }

  /** {@code (x[i-1] + 2 x[i] + x[i+1]) / 4} along {@code axis}, the edge values repeated beyond it. */
  private static INDArray blur(INDArray x, int axis) {
    long n = x.size(axis);
    INDArray before = Nd4j.concat(axis, slice(x, axis, 0, 1), slice(x, axis, 0, n - 1));
    INDArray after = Nd4j.concat(axis, slice(x, axis, 1, n), slice(x, axis, n - 1, n));
    return x.mul(2).addi(before).addi(after).divi(4);
  }

  private static INDArray slice(INDArray x, int axis, long from, long to) {
    INDArrayIndex[] index = {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()};
    index[axis] = NDArrayIndex.interval(from, to);
    return x.get(index);
  }

  @Override
  protected INDArray apply(INDArray x) {
    return forward(x);
  }

  @Override
  protected INDArray gradient(INDArray x, INDArray e) {
    return backward(x, e);
  }
}
