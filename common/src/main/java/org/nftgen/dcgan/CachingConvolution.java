package org.nftgen.dcgan;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.gan.InputGradientOnly;

/**
 * DL4J's convolution, with the forward pass's pre-activation kept for the backward pass
 * ({@link KeptPreOutput}), and a backward pass that can compute the input gradient alone
 * ({@link InputGradientOnly}): the transposed convolution of the output's gradient with the same
 * kernel (libnd4j's {@code deconv2d}), without the weight gradient's pass over the input.
 */
final class CachingConvolution extends ConvolutionLayer implements InputGradientOnly {
  private final KeptPreOutput kept = new KeptPreOutput();
  private boolean inputGradientOnly;

  CachingConvolution(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public void setInputGradientOnly(boolean on) {
    inputGradientOnly = on;
  }

  @Override
  protected Pair<INDArray, INDArray> preOutput(boolean training, boolean forBackprop, LayerWorkspaceMgr workspaceMgr) {
    return kept.preOutput(input, training, forBackprop, layerConf().getActivationFn(),
        () -> super.preOutput(training, forBackprop, workspaceMgr));
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    if (!inputGradientOnly || !transposeFits()) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    assertInputSet(true);
    INDArray z = preOutput(true, true, workspaceMgr).getFirst();
    INDArray delta = layerConf().getActivationFn().backprop(z, epsilon.castTo(dataType)).getFirst();
    // deconv2d's kernel is [kH, kW, its out, its in]: the convolution's [out, in, kH, kW] turned round.
    INDArray w = getParam(ConvolutionParamInitializer.WEIGHT_KEY);
    INDArray kernel = w.permute(2, 3, 1, 0).dup('c');
    INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'c');
    int[] k = layerConf().getKernelSize();
    int[] s = layerConf().getStride();
    int[] p = layerConf().getPadding();
    Nd4j.getExecutioner().exec(DynamicCustomOp.builder("deconv2d")
        .addInputs(PlainArrays.inCOrder(delta), kernel)
        .addIntegerArguments(k[0], k[1], s[0], s[1], p[0], p[1], 1, 1, 0, 0)
        .addOutputs(dx)
        .callInplace(false)
        .build());
    return new Pair<>(new DefaultGradient(), dx);
  }

  /**
   * Whether the transposed convolution gives back the input's shape: NCHW, no dilation, explicit
   * padding, and every input row and column inside a window (otherwise DL4J's own backward pass).
   */
  private boolean transposeFits() {
    ConvolutionMode mode = layerConf().getConvolutionMode();
    int[] k = layerConf().getKernelSize();
    int[] s = layerConf().getStride();
    int[] p = layerConf().getPadding();
    int[] d = layerConf().getDilation();
    return input != null && input.rank() == 4 && layerConf().getCnn2dDataFormat() == CNN2DFormat.NCHW
        && (mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict) && d[0] == 1 && d[1] == 1
        && (input.size(2) + 2L * p[0] - k[0]) % s[0] == 0 && (input.size(3) + 2L * p[1] - k[1]) % s[1] == 0;
  }
}
