package org.nftgen.gan;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The maths of {@link MinibatchStdLayer} on NCHW arrays: input {@code x = [n, c, h, w]}, output
 * {@code [n, c + 1, h, w]}, the input followed by a channel that is {@code s} everywhere, with
 * {@code sigma_k = sqrt(mean_i (x_ik - mu_k)^2 + EPSILON)} per feature k (a channel at a position),
 * {@code mu_k = mean_i x_ik} and {@code s = mean_k sigma_k} over all K = c h w features. Given
 * {@code e = dL/dy}, with {@code E = sum of e over the extra channel} (everything that depends on s),
 * {@code dL/dx_ik = e_ik + E (x_ik - mu_k) / (n K sigma_k)}; the mean's own dependence on x cancels,
 * since the deviations from it sum to 0.
 */
public final class MinibatchStdDeviation extends ParameterlessFunction<MinibatchStdLayer> {
  /** Keeps the square root differentiable where a feature does not vary (a batch of one). */
  static final double EPSILON = 1e-8;

  public MinibatchStdDeviation(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** Per-feature standard deviations {@code [1, c, h, w]} and the deviations from the mean {@code [n, c, h, w]}. */
  private record Spread(INDArray sigma, INDArray centred) {
    static Spread of(INDArray x) {
      if (x.rank() != 4) {
        throw new IllegalArgumentException("The minibatch standard-deviation layer takes [n, c, h, w] arrays, not "
            + java.util.Arrays.toString(x.shape()));
      }
      INDArray centred = x.sub(x.mean(true, 0));
      INDArray sigma = Transforms.sqrt(centred.mul(centred).mean(true, 0).addi(EPSILON), false);
      return new Spread(sigma, centred);
    }
  }

  static INDArray forward(INDArray x) {
    double s = Spread.of(x).sigma().meanNumber().doubleValue();
    INDArray extra = Nd4j.valueArrayOf(new long[] {x.size(0), 1, x.size(2), x.size(3)}, s, x.dataType());
    return Nd4j.concat(1, x, extra);
  }

  static INDArray backward(INDArray x, INDArray e) {
    long n = x.size(0);
    long c = x.size(1);
    Spread spread = Spread.of(x);
    double towardsS = e.get(NDArrayIndex.all(),
        NDArrayIndex.point(c), NDArrayIndex.all(),
        NDArrayIndex.all()).sumNumber().doubleValue();
    long features = c * x.size(2) * x.size(3);
    INDArray dx = spread.centred().divi(spread.sigma().mul(n * features)).muli(towardsS);
    return dx.addi(e.get(NDArrayIndex.all(),
        NDArrayIndex.interval(0, c), NDArrayIndex.all(),
        NDArrayIndex.all()));
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
