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
import org.nd4j.linalg.api.ops.DynamicCustomOp;
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
 * (the batch-norm gradient of Ioffe and Szegedy 2015 with the normalised input written out). Each
 * channel is copied once from the native buffers into a Java array (a few megabytes at most in
 * these networks) and computed from there: the forward pass reads the maps once
 * and writes the output, the backward pass reads the maps and the output's gradient once and writes
 * the input's gradient. Sums are kept in doubles. The running
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
    if (!training) {
      return inference(workspaceMgr);
    }
    Maps x = Maps.of(checked(input), "input");
    int channels = x.channels;
    double[] mean = new double[channels];
    double[] var = new double[channels];
    double[] gamma = vector(getParam(GAMMA));
    double[] beta = vector(getParam(BETA));
    double eps = layerConf().getEps();
    double slope = slope(layerConf().getActivationFn());
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.array.shape(), 'c');
    Maps y = Maps.into(out, "output");
    // A channel's values are read once for both its statistics and its output.
    IntStream.range(0, channels).parallel().forEach(c -> {
      Scratch scratch = SCRATCH.get().sized(x.images * x.plane, x.plane);
      double[] v = scratch.values;
      int m = x.images * x.plane;
      x.readChannel(c, v, scratch.plane);
      double[] sums = sumAndProducts(v, v, m);
      mean[c] = sums[0] / m;
      var[c] = Math.max(0.0, sums[1] / m - mean[c] * mean[c]);
      double a = gamma[c] / Math.sqrt(var[c] + eps);
      double b = beta[c] - a * mean[c];
      activate(v, m, a, b, slope);
      y.writeChannel(c, v, scratch.plane);
    });
    batchMean = mean;
    batchVar = var;
    return y.array;
  }

  /**
   * With the running statistics, libnd4j's {@code batchnorm} op (oneDNN's where the natives have
   * it, as DL4J's layer uses in inference) and the activation in place: generation runs here.
   */
  private INDArray inference(LayerWorkspaceMgr workspaceMgr) {
    INDArray x = checked(input);
    // The layer's input is now this one: no backward pass may pair it with older batch statistics.
    batchMean = null;
    batchVar = null;
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
    DynamicCustomOp op = DynamicCustomOp.builder("batchnorm")
        .addInputs(x, column(vector(getParam(MEAN))), column(runningVariance()), column(vector(getParam(GAMMA))),
            column(vector(getParam(BETA))))
        .addOutputs(out)
        // Scale by gamma, shift by beta, along axis 1 (NCHW's channels).
        .addIntegerArguments(1, 1, 1)
        .addFloatingPointArguments(layerConf().getEps())
        .build();
    Nd4j.getExecutioner().exec(op);
    return layerConf().getActivationFn().getActivation(out, false);
  }

  private INDArray column(double[] values) {
    return Nd4j.createFromArray(values).castTo(dataType);
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
    int channels = x.channels;
    double[] gamma = vector(getParam(GAMMA));
    double eps = layerConf().getEps();
    double slope = slope(layerConf().getActivationFn());
    double[] dBeta = new double[channels];
    double[] dGamma = new double[channels];
    INDArray dxArray = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.array.shape(), 'c');
    Maps dx = Maps.into(dxArray, "input gradient");
    double[] beta = vector(getParam(BETA));
    IntStream.range(0, channels).parallel().forEach(c -> {
      int m = x.images * x.plane;
      Scratch scratch = SCRATCH.get().sized(m, x.plane);
      double[] xs = scratch.values;
      double[] es = scratch.gradients;
      x.readChannel(c, xs, scratch.plane);
      e.readChannel(c, es, scratch.plane);
      double s = Math.sqrt(batchVar[c] + eps);
      double a = gamma[c] / s;
      double b = beta[c] - a * batchMean[c];
      // The gradient before the activation, kept in place of the one after it.
      activationGradient(es, xs, m, a, b, slope);
      double[] sums = sumAndProducts(es, xs, m);
      double sumG = sums[0];
      dBeta[c] = sumG;
      dGamma[c] = (sums[1] - batchMean[c] * sumG) / s;
      double k1 = -a * dGamma[c] / (s * m);
      double k0 = -a * sumG / m - k1 * batchMean[c];
      for (int i = 0; i < m; i++) {
        es[i] = a * es[i] + k1 * xs[i] + k0;
      }
      dx.writeChannel(c, es, scratch.plane);
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

  /**
   * A task thread's working arrays, kept between calls rather than allocated per channel (a few
   * megabytes of garbage per layer and pass otherwise; not timed apart from the loops' rewrite).
   */
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private static final class Scratch {
    double[] values = new double[0];
    double[] gradients = new double[0];
    float[] plane = new float[0];

    Scratch sized(int length, int planeLength) {
      if (values.length < length) {
        values = new double[length];
        gradients = new double[length];
      }
      if (plane.length < planeLength) {
        plane = new float[planeLength];
      }
      return this;
    }
  }

  /**
   * {@code v = f(a v + b)} with {@code f(u) = u > 0 ? u : slope u}, written without a branch: half
   * the values of a batch-normalised map are negative, in no pattern a branch predictor can learn;
   * with the branch the layer ran at 4-6 ns per value, without it 1-2 (docs/measurements.md). A max
   * (or min, for a slope above 1) has no branch.
   */
  static void activate(double[] v, int m, double a, double b, double slope) {
    if (slope <= 1) {
      for (int i = 0; i < m; i++) {
        double u = a * v[i] + b;
        v[i] = Math.max(u, slope * u);
      }
    } else {
      for (int i = 0; i < m; i++) {
        double u = a * v[i] + b;
        v[i] = Math.min(u, slope * u);
      }
    }
  }

  /**
   * {@code g = g f'(a x + b)}: 1 where the pre-activation is positive, {@code slope} elsewhere, from
   * the pre-activation's sign bit (no branch, as in {@link #activate}). At exactly 0 the slope is
   * 1 where DL4J's activations take the other side: a set of measure zero.
   */
  static void activationGradient(double[] g, double[] x, int m, double a, double b, double slope) {
    double drop = 1 - slope;
    for (int i = 0; i < m; i++) {
      double negative = Double.doubleToRawLongBits(a * x[i] + b) >>> 63;
      g[i] *= 1 - drop * negative;
    }
  }

  /**
   * {sum g, sum g x} over the first {@code m} values (with {@code x = g}: the sum and the sum of
   * squares), in four interleaved partial sums rather than one chain of dependent additions.
   */
  static double[] sumAndProducts(double[] g, double[] x, int m) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0, p0 = 0, p1 = 0, p2 = 0, p3 = 0;
    int i = 0;
    for (; i + 3 < m; i += 4) {
      s0 += g[i];
      s1 += g[i + 1];
      s2 += g[i + 2];
      s3 += g[i + 3];
      p0 += g[i] * x[i];
      p1 += g[i + 1] * x[i + 1];
      p2 += g[i + 2] * x[i + 2];
      p3 += g[i + 3] * x[i + 3];
    }
    for (; i < m; i++) {
      s0 += g[i];
      p0 += g[i] * x[i];
    }
    return new double[] {(s0 + s1) + (s2 + s3), (p0 + p1) + (p2 + p3)};
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

  /**
   * The activation as the slope of its negative side: 1 for identity, 0 for ReLU, alpha for leaky
   * ReLU ({@link BatchNormActivationLayer} admits no other), so {@code f(v) = v > 0 ? v : slope v}.
   */
  private static double slope(IActivation f) {
    if (f instanceof ActivationIdentity) {
      return 1.0;
    }
    return f instanceof ActivationLReLU leaky ? leaky.getAlpha() : 0.0;
  }

  /**
   * NCHW maps read and written a channel at a time (plane by plane) straight from the array's
   * native buffer ({@link PlainArrays#inCOrder}: any other layout is copied first), float or double.
   */
  private static final class Maps {
    final INDArray array;
    final int images;
    final int channels;
    final int plane;
    private final FloatBuffer floats;
    private final DoubleBuffer doubles;

    private Maps(INDArray array) {
      // java.nio buffers are indexed by int: larger maps than these networks make are refused.
      if (array.length() * array.dataType().width() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("A fused batch norm takes maps of at most 2 GB, not "
            + java.util.Arrays.toString(array.shape()) + " of " + array.dataType());
      }
      this.array = array;
      this.images = Math.toIntExact(array.size(0));
      this.channels = Math.toIntExact(array.size(1));
      this.plane = Math.toIntExact(array.size(2) * array.size(3));
      this.floats = array.dataType() == DataType.FLOAT ? array.data().asNioFloat() : null;
      this.doubles = array.dataType() == DataType.DOUBLE ? array.data().asNioDouble() : null;
    }

    /** For an array the layer made to write into: it must be plain, or the writes would go to a copy. */
    static Maps into(INDArray a, String what) {
      if (PlainArrays.inCOrder(a) != a) {
        throw new IllegalStateException("The fused batch norm's " + what + " is not a plain C-ordered array: "
            + java.util.Arrays.toString(a.shape()) + ", strides " + java.util.Arrays.toString(a.stride()));
      }
      return of(a, what);
    }

    static Maps of(INDArray a, String what) {
      if (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE) {
        throw new IllegalArgumentException("A fused batch norm takes float or double maps; its " + what + " is " + a.dataType());
      }
      return new Maps(PlainArrays.inCOrder(a));
    }

    private int at(int n, int c) {
      return (n * channels + c) * plane;
    }

    /** A channel's planes, image after image, into {@code out}; {@code scratch} (a plane) carries floats. */
    void readChannel(int c, double[] out, float[] scratch) {
      for (int n = 0; n < images; n++) {
        int from = at(n, c);
        if (floats != null) {
          // A bulk copy from the native buffer, then a widening loop the JIT vectorises.
          floats.get(from, scratch, 0, plane);
          for (int i = 0; i < plane; i++) {
            out[n * plane + i] = scratch[i];
          }
        } else {
          doubles.get(from, out, n * plane, plane);
        }
      }
    }

    void writeChannel(int c, double[] values, float[] scratch) {
      for (int n = 0; n < images; n++) {
        int to = at(n, c);
        if (floats != null) {
          for (int i = 0; i < plane; i++) {
            scratch[i] = (float) values[n * plane + i];
          }
          floats.put(to, scratch, 0, plane);
        } else {
          doubles.put(to, values, n * plane, plane);
        }
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
