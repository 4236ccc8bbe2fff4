package org.nftgen.srgan;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nftgen.dcgan.DcganModels;

/**
 * The SRGAN's two networks as pure functions of {@link SrganSettings}: same settings, equal configs.
 *
 * <p>The generator (SRResNet) is a {@link ComputationGraphConfiguration} because of its residual
 * additions: a 9x9 convolution, {@code blocks} residual blocks (conv3x3-BN-activation-conv3x3-BN
 * plus the block's input), a conv3x3-BN whose output is added to the head's (the long skip), then
 * one resize-convolution stage per factor of two (nearest-neighbour 2x up-sampling, conv3x3,
 * activation: DL4J has no pixel-shuffle layer, and resize-convolution also avoids its checkerboard
 * artefacts), and a 9x9 convolution to RGB. The output is linear (no tanh): the pixel loss trains
 * faster without a saturating end, and images are clipped to [-1, 1] when converted to pixels.
 * Every layer is convolutional with "same" padding, so a generator trained on small patches
 * upscales whole images of any size. With {@code bicubic-skip} (not in the paper; VDSR's global
 * residual, Kim et al. 2016) the network's output is the detail to add to the bicubic enlargement
 * of its input, which is computed outside the network (DL4J's up-sampling layer is nearest only):
 * training starts at bicubic quality instead of noise, which matters when training gets minutes on
 * a CPU, not days on a GPU.
 *
 * <p>{@code withLoss} adds a parameterless MSE loss layer on top, which phase 1 needs: DL4J's Spark
 * trainer fits a network against labels. Phase 2 drives the backward pass itself (content plus
 * adversarial gradient) and uses the graph without it. Both have the same flat parameter and
 * updater-state layout, so phase 1's parameters seed phase 2 as they are.
 *
 * <p>The discriminator is the paper's VGG-style stack: conv3x3 at width w, then strided and
 * unstrided conv3x3-BN-LeakyReLU pairs at w, 2w, 4w, 8w (four halvings), a dense layer and one
 * logit ({@code [n, 1]}), with the cross-entropy computed by the training step as for the DCGAN.
 */
public final class SrganModels {
  public static final int CHANNELS = 3;
  public static final String INPUT = "lr";
  public static final String OUTPUT = "rgb";
  public static final String LOSS = "loss";
  /** The vertex after the trunk and its long skip, before the first up-sampling stage. */
  public static final String TRUNK = "long-skip";

  private SrganModels() {}

  /** LR image {@code [n, 3, h, w]} in [-1, 1] -> SR image {@code [n, 3, h * factor, w * factor]}. */
  public static ComputationGraphConfiguration generator(SrganSettings s, boolean withLoss) {
    int w = s.generatorWidth();
    ActivationLReLU act = new ActivationLReLU(s.generatorSlope());
    ComputationGraphConfiguration.GraphBuilder g = common(s).weightInit(WeightInit.RELU).graphBuilder()
        .addInputs(INPUT)
        .setInputTypes(InputType.convolutional(s.lrCrop(), s.lrCrop(), CHANNELS, CNN2DFormat.NCHW));
    g.addLayer("head", conv(9, w, true).activation(act).build(), INPUT);
    String previous = "head";
    boolean bn = s.generatorBatchNorm();
    for (int b = 1; b <= s.blocks(); b++) {
      String p = "block" + b + "-";
      String conv1 = convMaybeNormed(g, p + "conv1", p + "bn1", w, bn, previous);
      g.addLayer(p + "act", new ActivationLayer.Builder().activation(act).build(), conv1);
      String conv2 = convMaybeNormed(g, p + "conv2", p + "bn2", w, bn, p + "act");
      g.addVertex(p + "add", new ElementWiseVertex(ElementWiseVertex.Op.Add), previous, conv2);
      previous = p + "add";
    }
    String trunk = convMaybeNormed(g, "trunk-conv", "trunk-bn", w, bn, previous);
    g.addVertex(TRUNK, new ElementWiseVertex(ElementWiseVertex.Op.Add), "head", trunk);
    previous = TRUNK;
    // Upscaler runs these stages as PhaseUpsampling (same numbers, less work): keep them
    // nearest 2x, conv3x3 with bias, then this activation.
    for (int u = 1; u <= s.upsamplingStages(); u++) {
      g.addLayer("up" + u, new Upsampling2D.Builder(2).dataFormat(CNN2DFormat.NCHW).build(), previous);
      g.addLayer(upsamplingConvolution(u), conv(3, w, true).activation(act).build(), "up" + u);
      previous = upsamplingConvolution(u);
    }
    // With the bicubic skip the output is a residual added to the bicubic enlargement outside the
    // network (see Patches and Upscaler); zero-initialised, so training starts exactly at bicubic
    // quality instead of first having to cancel the noise of a random last layer.
    g.addLayer(OUTPUT, conv(9, CHANNELS, true).activation(Activation.IDENTITY)
        .weightInit(s.bicubicSkip() ? WeightInit.ZERO : WeightInit.RELU).build(), previous);
    if (withLoss) {
      g.addLayer(LOSS, new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
          .format(CNN2DFormat.NCHW).build(), OUTPUT);
      g.setOutputs(LOSS);
    } else {
      g.setOutputs(OUTPUT);
    }
    return g.build();
  }

  /** The convolution of up-sampling stage {@code u} (1-based). */
  public static String upsamplingConvolution(int u) {
    return "up" + u + "-conv";
  }

  /** A conv3x3, followed by batch norm when {@code bn} (then without bias); returns the last vertex's name. */
  private static String convMaybeNormed(ComputationGraphConfiguration.GraphBuilder g, String conv, String norm, int w,
      boolean bn, String input) {
    g.addLayer(conv, conv(3, w, !bn).activation(Activation.IDENTITY).build(), input);
    if (!bn) {
      return conv;
    }
    g.addLayer(norm, new BatchNormalization.Builder().build(), conv);
    return norm;
  }

  /** HR image {@code [n, 3, hrCrop, hrCrop]} -> logit {@code [n, 1]} (real if positive). */
  public static MultiLayerConfiguration discriminator(SrganSettings s) {
    ActivationLReLU act = new ActivationLReLU(s.leakyReluSlope());
    NeuralNetConfiguration.ListBuilder list = common(s).weightInit(WeightInit.RELU).list();
    int w = s.discriminatorWidth();
    list.layer(conv(3, w, true).activation(act).build());
    for (int stage = 0; stage < SrganSettings.DISCRIMINATOR_STRIDES; stage++) {
      int width = w << stage;
      if (stage > 0) {
        list.layer(conv(3, width, false).activation(Activation.IDENTITY).build());
        list.layer(new BatchNormalization.Builder().build());
        list.layer(new ActivationLayer.Builder().activation(act).build());
      }
      list.layer(conv(3, width, false).stride(2, 2).activation(Activation.IDENTITY).build());
      list.layer(new BatchNormalization.Builder().build());
      list.layer(new ActivationLayer.Builder().activation(act).build());
    }
    list.layer(new DenseLayer.Builder().nOut(s.discriminatorDense()).activation(act).build());
    list.layer(new DenseLayer.Builder().nOut(1).activation(Activation.IDENTITY).weightInit(WeightInit.XAVIER).build());
    list.setInputType(InputType.convolutional(s.hrCrop(), s.hrCrop(), CHANNELS, CNN2DFormat.NCHW));
    return list.build();
  }

  private static NeuralNetConfiguration.Builder common(SrganSettings s) {
    // No training workspaces, for the same reason as the DCGAN (see DcganModels): the GAN step
    // drives forward and backward passes itself.
    return new NeuralNetConfiguration.Builder()
        .seed(s.seed())
        .dataType(DataType.FLOAT)
        .updater(new Adam(s.learningRate(), s.beta1(), s.beta2(), Adam.DEFAULT_ADAM_EPSILON))
        .trainingWorkspaceMode(WorkspaceMode.NONE)
        .inferenceWorkspaceMode(WorkspaceMode.ENABLED);
  }

  /** A square convolution that keeps the side ("same" padding), stride 1 unless changed. */
  private static ConvolutionLayer.Builder conv(int kernel, int nOut, boolean bias) {
    return new ConvolutionLayer.Builder().kernelSize(kernel, kernel).stride(1, 1).nOut(nOut).hasBias(bias)
        .convolutionMode(ConvolutionMode.Same).dataFormat(CNN2DFormat.NCHW);
  }
}
