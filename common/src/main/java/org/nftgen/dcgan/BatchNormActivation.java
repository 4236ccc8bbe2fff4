package org.nftgen.dcgan;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The maths of {@link BatchNormActivationLayer} on NCHW arrays, one channel per task. Per channel,
 * over the {@code m} values of the batch and the map, with {@code mu} and {@code var} the batch's
 * mean and (biased) variance in training and the running ones in inference, {@code s = sqrt(var +
 * eps)}, {@code a = gamma / s} and {@code b = beta - a mu}:
 *
 * <pre>
 *   forward:   y = f(a x + b)
 *   backward:  g = e f'(a x + b);  dbeta = sum g;  dgamma = (sum g x - mu sum g) / s
 *              dx = a g + k1 x + k0,  k1 = -a dgamma / (s m),  k0 = -a dbeta / m - k1 mu
 * </pre>
 *
 * (the batch-norm gradient of Ioffe and Szegedy 2015 with the normalised input written out). The
 * forward pass reads the maps twice (statistics, then output), the backward pass reads them and the
 * output's gradient twice (sums, then the input's gradient); sums are kept in doubles. The running
 * statistics move as DL4J's do: their "gradient" is {@code (1 - decay) (running mean - batch mean)}
 * and, for the log10 standard deviation, {@code log10(sqrt(var_t / var_t+1))}, applied by DL4J's
 * no-op updater as {@code param -= gradient}.
 */
final class BatchNormActivation extends BaseLayer<BatchNormActivationLayer> {
  private static final String GAMMA = BatchNormalizationParamInitializer.GAMMA;
  private static final String BETA = BatchNormalizationParamInitializer.BETA;
  private static final String MEAN = BatchNormalizationParamInitializer.GLOBAL_MEAN;
  private static final String VAR = BatchNormalizationParamInitializer.GLOBAL_VAR;
  private static final String LOG_STD = BatchNormalizationParamInitializer.GLOBAL_LOG_STD;

  /** The last training-mode forward pass's batch statistics, for its backward pass. */
  private double[] batchMean;
  private double[] batchVar;

  BatchNormActivation(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    Maps x = Maps.of(checked(input), "input");
    double[] mean;
    double[] var;
    if (training) {
      double[][] stats = statistics(x);
      mean = stats[0];
      var = stats[1];
      batchMean = mean;
      batchVar = var;
    } else {
      mean = vector(getParam(MEAN));
      var = runningVariance();
    }
    Affine t = affine(mean, var);
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.array.shape(), 'c');
    Maps y = Maps.of(out, "output");
    Activation f = Activation.of(layerConf().getActivationFn());
    IntStream.range(0, x.channels).parallel().forEach(c -> {
      double[] plane = new double[x.plane];
      for (int n = 0; n < x.images; n++) {
        x.read(n, c, plane);
        for (int i = 0; i < plane.length; i++) {
          plane[i] = f.apply(t.a[c] * plane[i] + t.b[c]);
        }
        y.write(n, c, plane);
      }
    });
    return y.array;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    if (batchMean == null) {
      throw new IllegalStateException("Fused batch norm of layer " + index + ": a backward pass needs a training-mode forward pass");
    }
    Maps x = Maps.of(checked(input), "input");
    Maps e = Maps.of(epsilon.castTo(dataType), "output gradient");
    if (!java.util.Arrays.equals(x.array.shape(), e.array.shape())) {
      throw new IllegalArgumentException("Fused batch norm of layer " + index + ": output gradient "
          + java.util.Arrays.toString(e.array.shape()) + " for input " + java.util.Arrays.toString(x.array.shape()));
    }
    Affine t = affine(batchMean, batchVar);
    Activation f = Activation.of(layerConf().getActivationFn());
    int channels = x.channels;
    double m = (double) x.images * x.plane;
    double[] dBeta = new double[channels];
    double[] dGamma = new double[channels];
    INDArray dxArray = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.array.shape(), 'c');
    Maps dx = Maps.of(dxArray, "input gradient");
    IntStream.range(0, channels).parallel().forEach(c -> {
      double[] xs = new double[x.plane];
      double[] es = new double[x.plane];
      double a = t.a[c];
      double b = t.b[c];
      double sumG = 0;
      double sumGx = 0;
      for (int n = 0; n < x.images; n++) {
        x.read(n, c, xs);
        e.read(n, c, es);
        for (int i = 0; i < xs.length; i++) {
          double g = es[i] * f.derivative(a * xs[i] + b);
          sumG += g;
          sumGx += g * xs[i];
        }
      }
      double s = t.std[c];
      dBeta[c] = sumG;
      dGamma[c] = (sumGx - batchMean[c] * sumG) / s;
      double k1 = -a * dGamma[c] / (s * m);
      double k0 = -a * sumG / m - k1 * batchMean[c];
      for (int n = 0; n < x.images; n++) {
        x.read(n, c, xs);
        e.read(n, c, es);
        for (int i = 0; i < xs.length; i++) {
          es[i] = a * es[i] * f.derivative(a * xs[i] + b) + k1 * xs[i] + k0;
        }
        dx.write(n, c, es);
      }
    });

    Gradient gradient = new DefaultGradient();
    put(gradient, GAMMA, dGamma);
    put(gradient, BETA, dBeta);
    double keep = layerConf().getDecay();
    double[] running = vector(getParam(MEAN));
    double[] meanStep = new double[channels];
    for (int c = 0; c < channels; c++) {
      meanStep[c] = (1 - keep) * (running[c] - batchMean[c]);
    }
    put(gradient, MEAN, meanStep);
    double[] varNow = runningVariance();
    double[] varStep = new double[channels];
    for (int c = 0; c < channels; c++) {
      double varNext = keep * varNow[c] + (1 - keep) * batchVar[c];
      varStep[c] = layerConf().isUseLogStd() ? Math.log10(varNow[c] / varNext) / 2 : varNow[c] - varNext;
    }
    put(gradient, layerConf().isUseLogStd() ? LOG_STD : VAR, varStep);
    return new Pair<>(gradient, dx.array);
  }

  /** Per channel {mean, biased variance} of the batch, in one pass. */
  private static double[][] statistics(Maps x) {
    double[] mean = new double[x.channels];
    double[] var = new double[x.channels];
    double m = (double) x.images * x.plane;
    IntStream.range(0, x.channels).parallel().forEach(c -> {
      double[] plane = new double[x.plane];
      double sum = 0;
      double squares = 0;
      for (int n = 0; n < x.images; n++) {
        x.read(n, c, plane);
        for (double v : plane) {
          sum += v;
          squares += v * v;
        }
      }
      mean[c] = sum / m;
      var[c] = Math.max(0.0, squares / m - mean[c] * mean[c]);
    });
    return new double[][] {mean, var};
  }

  /** Per channel: the standard deviation and the scale and shift that normalise, then apply gamma and beta. */
  private record Affine(double[] std, double[] a, double[] b) {}

  private Affine affine(double[] mean, double[] var) {
    double[] gamma = vector(getParam(GAMMA));
    double[] beta = vector(getParam(BETA));
    int channels = mean.length;
    double[] std = new double[channels];
    double[] a = new double[channels];
    double[] b = new double[channels];
    for (int c = 0; c < channels; c++) {
      std[c] = Math.sqrt(var[c] + layerConf().getEps());
      a[c] = gamma[c] / std[c];
      b[c] = beta[c] - a[c] * mean[c];
    }
    return new Affine(std, a, b);
  }

  /** The running variance, from its log10 standard deviation where the layer keeps that. */
  private double[] runningVariance() {
    if (!layerConf().isUseLogStd()) {
      return vector(getParam(VAR));
    }
    double[] log10Std = vector(getParam(LOG_STD));
    double[] var = new double[log10Std.length];
    for (int c = 0; c < var.length; c++) {
      double std = Math.pow(10.0, log10Std[c]);
      var[c] = std * std;
    }
    return var;
  }

  private void put(Gradient gradient, String key, double[] values) {
    INDArray view = gradientViews.get(key);
    view.assign(Nd4j.createFromArray(values).castTo(view.dataType()).reshape(view.shape()));
    gradient.gradientForVariable().put(key, view);
  }

  private static double[] vector(INDArray a) {
    return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }

  private INDArray checked(INDArray in) {
    long channels = layerConf().getNOut();
    if (in.rank() != 4 || in.size(1) != channels) {
      throw new IllegalArgumentException("The fused batch norm of layer " + index + " takes [n, " + channels
          + ", h, w] feature maps, not " + java.util.Arrays.toString(in.shape()));
    }
    return in.castTo(dataType);
  }

  /** The activation after the normalisation, per value, and its derivative at the value before it. */
  private interface Activation {
    double apply(double v);

    double derivative(double v);

    static Activation of(IActivation f) {
      if (f instanceof ActivationIdentity) {
        return new Activation() {
          public double apply(double v) {
            return v;
          }

          public double derivative(double v) {
            return 1.0;
          }
        };
      }
      // ReLU is leaky ReLU with slope 0 (BatchNormActivationLayer admits no other ReLU).
      double slope = f instanceof ActivationLReLU leaky ? leaky.getAlpha() : 0.0;
      return new Activation() {
        public double apply(double v) {
          return v > 0 ? v : slope * v;
        }

        public double derivative(double v) {
          return v > 0 ? 1.0 : slope;
        }
      };
    }
  }

  /**
   * NCHW maps read and written one (image, channel) plane at a time straight from the array's
   * native buffer: a C-ordered array of its own (a view or another order is copied first), float or
   * double.
   */
  private static final class Maps {
    final INDArray array;
    final int images;
    final int channels;
    final int plane;
    private final FloatBuffer floats;
    private final DoubleBuffer doubles;

    private Maps(INDArray array) {
      this.array = array;
      this.images = Math.toIntExact(array.size(0));
      this.channels = Math.toIntExact(array.size(1));
      this.plane = Math.toIntExact(array.size(2) * array.size(3));
      this.floats = array.dataType() == DataType.FLOAT ? array.data().asNioFloat() : null;
      this.doubles = array.dataType() == DataType.DOUBLE ? array.data().asNioDouble() : null;
    }

    static Maps of(INDArray a, String what) {
      if (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE) {
        throw new IllegalArgumentException("A fused batch norm takes float or double maps; its " + what + " is " + a.dataType());
      }
      boolean own = !a.isView() && a.ordering() == 'c' && a.offset() == 0 && a.data().length() == a.length();
      return new Maps(own ? a : a.dup('c'));
    }

    private int at(int n, int c) {
      return (n * channels + c) * plane;
    }

    void read(int n, int c, double[] out) {
      int from = at(n, c);
      if (floats != null) {
        for (int i = 0; i < plane; i++) {
          out[i] = floats.get(from + i);
        }
      } else {
        doubles.get(from, out, 0, plane);
      }
    }

    void write(int n, int c, double[] values) {
      int to = at(n, c);
      if (floats != null) {
        for (int i = 0; i < plane; i++) {
          floats.put(to + i, (float) values[i]);
        }
      } else {
        doubles.put(to, values, 0, plane);
      }
    }
  }

  /** The running statistics' "gradients" are whole steps: the updater must not average them over the batch. */
  @Override
  public boolean updaterDivideByMinibatch(String paramName) {
    return !(MEAN.equals(paramName) || VAR.equals(paramName) || LOG_STD.equals(paramName));
  }

  @Override
  public boolean isPretrainLayer() {
    return false;
  }

  @Override
  public void clearNoiseWeightParams() {
    // No weight noise.
  }

  @Override
  public Type type() {
    return Type.NORMALIZATION;
  }
}
