package org.nftgen.dcgan;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The maths of {@link ResizeConvolutionLayer} on NCHW arrays. Along one axis, with {@code u} the
 * input repeated twice ({@code u[2i] = u[2i+1] = x[i]}) and {@code w0, w1, w2} the 3x3 kernel's
 * taps ("same" padding of one):
 *
 * <pre>
 *   y[2i]     = w0 x[i-1] + (w1 + w2) x[i]
 *   y[2i + 1] = (w0 + w1) x[i] + w2 x[i+1]
 * </pre>
 *
 * which is a transposed convolution with stride 2, padding 1 and the 4-tap kernel
 * {@code k = (w2, w1 + w2, w0 + w1, w0)} ({@code y[2i + t - 1] += k[t] x[i]}). In two dimensions
 * the 4x4 kernel is {@code A w A^T} per pair of channels, {@code A} the 4x3 matrix of 0s and 1s
 * that makes {@code k} from {@code w}, so one matrix product with {@link #FOLD} ({@code A (x) A},
 * 16 x 9) folds every kernel at once, and its transpose takes the 4x4 kernel's gradient back to the
 * 3x3 parameters. The transposed convolution and its gradient are libnd4j's {@code deconv2d} ops,
 * which run on oneDNN where the natives have it.
 */
final class ResizeConvolution extends BaseLayer<ResizeConvolutionLayer> {
  private final KeptPreOutput kept = new KeptPreOutput();
  /** Which taps of the 3-tap kernel add up to each tap of the 4-tap one (rows of {@code A}). */
  private static final int[][] TAPS = {{2}, {1, 2}, {0, 1}, {0}};
  /**
   * {@code A (x) A}, row by row: row {@code 4 ky + kx} sums the 3x3 taps {@code 3 a + b} that fold
   * onto it. Kept as Java floats and made an array per use: an ND4J array made while the class
   * loads would live in whatever workspace the loading thread had open (inference runs in one).
   */
  private static final float[] FOLD = fold();
  private static final int FOLDED = 4;

  ResizeConvolution(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  private static float[] fold() {
    float[] m = new float[16 * 9];
    for (int ky = 0; ky < 4; ky++) {
      for (int kx = 0; kx < 4; kx++) {
        for (int a : TAPS[ky]) {
          for (int b : TAPS[kx]) {
            m[(4 * ky + kx) * 9 + 3 * a + b] = 1f;
          }
        }
      }
    }
    return m;
  }

  private static INDArray foldMatrix(DataType type) {
    return Nd4j.create(FOLD, new long[] {16, 9}, 'c').castTo(type);
  }

  /** The 3x3 kernels {@code [out, in, 3, 3]} folded into libnd4j's deconvolution layout {@code [4, 4, out, in]}. */
  static INDArray foldKernel(INDArray w) {
    long out = w.size(0);
    long in = w.size(1);
    INDArray flat = w.dup('c').reshape('c', out * in, 9);
    INDArray folded = Nd4j.createUninitialized(w.dataType(), new long[] {16, out * in}, 'c');
    foldMatrix(w.dataType()).mmul(flat.transpose(), folded);
    return folded.reshape('c', FOLDED, FOLDED, out, in);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    INDArray z = preOutput(workspaceMgr);
    kept.keep(training, input, z, layerConf().getActivationFn());
    return layerConf().getActivationFn().getActivation(z, training);
  }

  /** The transposed convolution before the activation: {@code [n, out, 2h, 2w]}. */
  private INDArray preOutput(LayerWorkspaceMgr workspaceMgr) {
    INDArray x = checkedInput();
    INDArray w = getParam(ConvolutionParamInitializer.WEIGHT_KEY);
    long[] shape = {x.size(0), w.size(0), 2 * x.size(2), 2 * x.size(3)};
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, shape, 'c');
    DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("deconv2d")
        .addInputs(inputs(x, foldKernel(w), null))
        .addIntegerArguments(DECONV_ARGS)
        .addOutputs(out)
        .callInplace(false);
    Nd4j.getExecutioner().exec(op.build());
    return out;
  }

  /** The forward pass's pre-activation where it is kept ({@link KeptPreOutput}), else computed again. */
  private INDArray keptOrRecomputed() {
    INDArray z = kept.take(input);
    return z != null ? z : preOutput(LayerWorkspaceMgr.noWorkspaces());
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    INDArray x = checkedInput();
    IActivation activation = layerConf().getActivationFn();
    INDArray delta = activation instanceof ActivationIdentity
        ? PlainArrays.inCOrder(epsilon.castTo(dataType))
        : activation.backprop(keptOrRecomputed(), epsilon.castTo(dataType).dup('c')).getFirst();
    INDArray w = getParam(ConvolutionParamInitializer.WEIGHT_KEY);
    long out = w.size(0);
    long in = w.size(1);
    INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
    INDArray dFolded = Nd4j.createUninitialized(dataType, new long[] {FOLDED, FOLDED, out, in}, 'c');
    INDArray db = layerConf().hasBias() ? Nd4j.createUninitialized(dataType, out) : null;
    DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("deconv2d_bp")
        .addInputs(inputs(x, foldKernel(w), delta))
        .addIntegerArguments(DECONV_ARGS)
        .addOutputs(db == null ? new INDArray[] {dx, dFolded} : new INDArray[] {dx, dFolded, db})
        .callInplace(false);
    Nd4j.getExecutioner().exec(op.build());

    Gradient g = new DefaultGradient();
    INDArray dw = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
    // dL/dw = A^T dL/dk A per pair of channels: FOLD's transpose, as one matrix product.
    INDArray unfolded = dFolded.reshape('c', 16, out * in).transpose().mmul(foldMatrix(dataType));
    dw.assign(unfolded.reshape('c', out, in, DcganModels.RESIZE_KERNEL, DcganModels.RESIZE_KERNEL));
    g.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, dw);
    if (db != null) {
      INDArray dbView = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
      dbView.assign(db.reshape(dbView.shape()));
      g.gradientForVariable().put(ConvolutionParamInitializer.BIAS_KEY, dbView);
    }
    return new Pair<>(g, dx);
  }

  /** kH, kW, stride, padding, dilation, "same" mode off, NCHW: the 4x4 stride-2 padding-1 transpose. */
  private static final int[] DECONV_ARGS = {FOLDED, FOLDED, 2, 2, 1, 1, 1, 1, 0, 0};

  /** The op's inputs: x, the folded kernel, the bias if any, and the output's gradient if given. */
  private INDArray[] inputs(INDArray x, INDArray folded, INDArray delta) {
    java.util.List<INDArray> in = new java.util.ArrayList<>(java.util.List.of(x, folded));
    if (layerConf().hasBias()) {
      INDArray b = getParam(ConvolutionParamInitializer.BIAS_KEY);
      in.add(b.reshape(b.length()));
    }
    if (delta != null) {
      in.add(delta);
    }
    return in.toArray(new INDArray[0]);
  }

  private INDArray checkedInput() {
    INDArray x = PlainArrays.inCOrder(input.castTo(dataType));
    long channels = layerConf().getNIn();
    if (x.rank() != 4 || x.size(1) != channels) {
      throw new IllegalArgumentException("The resize convolution of layer " + index + " takes [n, " + channels
          + ", h, w] feature maps, not " + java.util.Arrays.toString(x.shape()));
    }
    return x;
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
    return Type.CONVOLUTIONAL;
  }
}
