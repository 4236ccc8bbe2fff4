package org.nftgen.dcgan;

import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.gan.ParameterlessFunction;

/**
 * The maths of {@link FlatnessPenaltyLayer}: the identity forward; backward, the output gradient
 * plus the gradient of {@code penalty * mean_{c,y,x}(psi(x[y][x+1] - x[y][x]) + psi(x[y+1][x] -
 * x[y][x]))} per image, with {@code psi(d) = min(|d|, threshold)}. One plain Java pass over each
 * (image, channel) plane, planes in parallel.
 */
public final class FlatnessPenalty extends ParameterlessFunction<FlatnessPenaltyLayer> {

  public FlatnessPenalty(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** The penalty's value per image: what the backward pass differentiates (its tests check that against it). */
  static double[] values(INDArray x, double penalty, double threshold) {
    check(x);
    int n = (int) x.size(0);
    int c = (int) x.size(1);
    int h = (int) x.size(2);
    int w = (int) x.size(3);
    double[] v = x.dup('c').data().asDouble();
    double[] out = new double[n];
    for (int p = 0; p < n * c; p++) {
      int o = p * h * w;
      double sum = 0;
      for (int y = 0; y < h; y++) {
        for (int xx = 0; xx < w; xx++) {
          int i = o + y * w + xx;
          if (xx + 1 < w) {
            sum += Math.min(Math.abs(v[i + 1] - v[i]), threshold);
          }
          if (y + 1 < h) {
            sum += Math.min(Math.abs(v[i + w] - v[i]), threshold);
          }
        }
      }
      out[p / c] += penalty * sum / ((double) c * h * w);
    }
    return out;
  }

  /** {@code e} plus the penalty's gradient at {@code x}. */
  static INDArray backward(INDArray x, INDArray e, double penalty, double threshold) {
    check(x);
    if (!java.util.Arrays.equals(x.shape(), e.shape())) {
      throw new IllegalArgumentException("The flatness penalty's output gradient " + java.util.Arrays.toString(e.shape())
          + " must have its input's shape " + java.util.Arrays.toString(x.shape()));
    }
    INDArray grad = e.castTo(x.dataType()).dup('c');
    if (penalty == 0) {
      return grad;
    }
    int c = (int) x.size(1);
    int h = (int) x.size(2);
    int w = (int) x.size(3);
    double[] v = x.dup('c').data().asDouble();
    double[] g = new double[v.length];
    double scale = penalty / ((double) c * h * w);
    IntStream.range(0, (int) x.size(0) * c).parallel().forEach(p -> {
      int o = p * h * w;
      for (int y = 0; y < h; y++) {
        for (int xx = 0; xx < w; xx++) {
          int i = o + y * w + xx;
          if (xx + 1 < w) {
            pull(v, g, i, i + 1, threshold, scale);
          }
          if (y + 1 < h) {
            pull(v, g, i, i + w, threshold, scale);
          }
        }
      }
    });
    return grad.addi(Nd4j.create(g, x.shape(), 'c').castTo(x.dataType()));
  }

  /** The gradient of {@code scale * min(|v[j] - v[i]|, threshold)}: zero beyond the threshold and at 0. */
  private static void pull(double[] v, double[] g, int i, int j, double threshold, double scale) {
    double d = v[j] - v[i];
    if (d != 0 && Math.abs(d) < threshold) {
      double s = Math.signum(d) * scale;
      g[j] += s;
      g[i] -= s;
    }
  }

  private static void check(INDArray x) {
    if (x.rank() != 4) {
      throw new IllegalArgumentException("The flatness penalty takes [n, c, h, w] images, not "
          + java.util.Arrays.toString(x.shape()));
    }
  }

  @Override
  protected INDArray apply(INDArray x) {
    return x.dup();
  }

  @Override
  protected INDArray gradient(INDArray x, INDArray e) {
    return backward(x, e, layerConf().getPenalty(), layerConf().getThreshold());
  }
}
