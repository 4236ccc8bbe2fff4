package org.nftgen.dcgan;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nftgen.gan.GanStep;
import org.nftgen.gan.GeneratorLoss;
import org.nftgen.gan.MinibatchStdLayer;
import org.nftgen.gan.Stabilisers;
import org.nftgen.gan.TraitCondition;

/**
 * The DCGAN's two networks as pure functions of {@link DcganSettings}: same settings, equal configs.
 *
 * <p>Both are {@link MultiLayerConfiguration}s rather than computation graphs: each is a plain stack,
 * and a {@code MultiLayerNetwork} without an output layer exposes exactly what the GAN step needs, a
 * training forward pass plus {@code backpropGradient(epsilon)} that returns the gradient with respect
 * to its input, over one flat parameter array and one flat updater-state array (what a snapshot
 * copies and the Spark job averages).
 *
 * <p>The discriminator ends in a raw logit (a 4x4 valid convolution to one channel, shape
 * {@code [n, 1, 1, 1]}) instead of a DL4J output layer: the GAN step computes the sigmoid
 * cross-entropy itself ({@code org.nftgen.gan.BinaryCrossEntropy}), so one forward pass gives the
 * loss, D's mean output and the gradient together; an output layer would need extra forward passes
 * for the statistics, since DL4J's {@code calculateGradients} sets no score.
 *
 * <p>A conditional model ({@link DcganSettings#conditional()}) takes the traits' one-hot condition
 * ({@link TraitCondition}) beside z in G, and in D by projection (Miyato & Koyama 2018): D's last
 * convolution has one channel for the unconditional logit and one per trait value, whose weights
 * are the value's embedding; the GAN step adds the channels of the image's values to the logit.
 * With PacGAN's packs of p images there is one such set of value channels per image of the pack.
 *
 * <p>Convolutions followed by batch norm have no bias (batch norm's beta replaces it), as in the
 * DCGAN reference code. Training uses no workspaces: the step drives the forward and backward passes
 * itself, and with workspaces DL4J's {@code backpropGradient} insists on its internal
 * {@code WS_ALL_LAYERS_ACT} workspace being open around a forward pass made inside it, which only
 * its own (protected) fit path does. The price, measured at 64x64 / width 64 / batch 64: every
 * array is freshly allocated, about 260,000 page faults per iteration and much system CPU time.
 */
public final class DcganModels {
  /** Channels of an RGB image. */
  public static final int CHANNELS = 3;
  /** Side of the smallest feature map: the generator's first and the discriminator's last. */
  public static final int BASE = 4;
  /** Kernel of every (transposed) convolution, as in the DCGAN paper. */
  private static final int KERNEL = 4;
  /** Kernel of the convolution after a nearest-neighbour resize: the smallest centred one. */
  public static final int RESIZE_KERNEL = 3;
  /** Standard deviation of the N(0, sigma) weight initialisation, as in the DCGAN paper. */
  private static final double INIT_STD = 0.02;

  private DcganModels() {}

  /**
   * Latent {@code [n, nz, 1, 1]} -> image {@code [n, 3, resolution, resolution]} in [-1, 1] (NCHW).
   * A 4x4 transposed convolution, then {@link DcganSettings#scaleBlocks()} blocks that halve the
   * width while doubling the side (a stride-2 transposed convolution, or a 2x nearest resize and a
   * 3x3 convolution, per {@link DcganSettings#upsampling()}); batch norm and ReLU after all but the
   * last, which is tanh. With {@link DcganSettings#conditionalNorm()} a conditional generator's
   * batch norms are conditional ({@link ConditionalModulationLayer}, fed by a {@link ConditionTapLayer}
   * in front).
   */
  public static MultiLayerConfiguration generator(DcganSettings s) {
    int blocks = s.scaleBlocks();
    NeuralNetConfiguration.ListBuilder list = common(s, s.learningRate()).list();
    int width = s.ngf() << (blocks - 1);
    // Conditional batch norm: the traits reach every batch norm through a tap at the input.
    int normCondition = s.conditional() && s.conditionalNorm() ? s.conditionWidth() : 0;
    if (normCondition > 0) {
      list.layer(new ConditionTapLayer(s.nz()));
    }
    list.layer(CachingDeconvolutionLayer.of(deconv(1, 0).nOut(width).hasBias(false).activation(Activation.IDENTITY)));
    normalise(list, width, normCondition, s.conditionalNormScale());
    for (int b = 1; b < blocks; b++) {
      width /= 2;
      upsample(list, s.upsamplingAt(b - 1), width, false, Activation.IDENTITY);
      normalise(list, width, normCondition, s.conditionalNormScale());
    }
    if (s.flatBackground()) {
      upsample(list, s.upsamplingAt(blocks - 1), FlatBackgroundLayer.INPUT_CHANNELS, true, Activation.IDENTITY);
      // The GAN step divides G's summed gradient by the number of D's logits, n / pack; the
      // layer adds its penalty per image, so dividing by the pack size keeps the penalty at
      // mask-penalty times the mean mask per image whatever the pack size.
      list.layer(new FlatBackgroundLayer(s.maskPenalty() / s.stabilisers().pack(),
          s.maskBinarisation() / s.stabilisers().pack()));
    } else {
      upsample(list, s.upsamplingAt(blocks - 1), CHANNELS, true, Activation.TANH);
    }
    if (s.gridFactor() > 0) {
      // Pixel art: each cell of gridFactor x gridFactor pixels painted in its mean colour, so that G
      // draws on the collection's grid and D cannot tell fakes by noise inside the cells.
      list.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG)
          .kernelSize(s.gridFactor(), s.gridFactor()).stride(s.gridFactor(), s.gridFactor()).build());
      list.layer(new Upsampling2D.Builder().size(s.gridFactor()).build());
    }
    if (s.flatnessPenalty() > 0) {
      // Per image, as the mask penalty: the GAN step divides G's gradient by the number of packs.
      list.layer(new FlatnessPenaltyLayer(s.flatnessPenalty() / s.stabilisers().pack(), s.flatnessThreshold()));
    }
    // A conditional generator takes the traits' one-hot blocks beside z: the first layer's weights
    // for them are each value's embedding.
    list.setInputType(InputType.convolutional(1, 1, s.nz() + s.conditionWidth(), CNN2DFormat.NCHW));
    return list.build();
  }

  /**
   * Image {@code [n, 3, resolution, resolution]} -> logit {@code [n, 1, 1, 1]} (real if positive);
   * a conditional D gives {@code [n/p, 1 + p conditionWidth, 1, 1]}, the logit's parts before projection.
   * With a pack size p above 1 (PacGAN) the input is p images concatenated along channels,
   * {@code [n/p, 3p, resolution, resolution]}, and there is one logit per pack.
   * {@link DcganSettings#scaleBlocks()} stride-2 convolutions that double the width while halving
   * the side, LeakyReLU after each and batch norm after all but the first (none at all with
   * spectral normalisation, {@link Stabilisers#spectralNorm()}); with
   * {@link Stabilisers#minibatchStd()} a {@link MinibatchStdLayer}; then a 4x4 valid convolution to
   * one channel. Its Adam runs at {@link DcganSettings#discriminatorLearningRate()}.
   */
  public static MultiLayerConfiguration discriminator(DcganSettings s) {
    int blocks = s.scaleBlocks();
    NeuralNetConfiguration.ListBuilder list = common(s, s.discriminatorLearningRate()).list();
    int width = s.ndf();
    list.layer(CachingConvolutionLayer.of(conv(2, 1).nOut(width).hasBias(true).activation(new ActivationLReLU(s.leakyReluSlope()))));
    boolean spectral = s.stabilisers().spectralNorm();
    for (int b = 1; b < blocks; b++) {
      width *= 2;
      if (spectral) {
        // SN-GAN's discriminator: no batch norm (its per-batch scaling would undo the Lipschitz bound).
        list.layer(CachingConvolutionLayer.of(conv(2, 1).nOut(width).hasBias(true).activation(new ActivationLReLU(s.leakyReluSlope()))));
        continue;
      }
      list.layer(CachingConvolutionLayer.of(conv(2, 1).nOut(width).hasBias(false).activation(Activation.IDENTITY)));
      list.layer(new BatchNormActivationLayer(new ActivationLReLU(s.leakyReluSlope())));
    }
    if (s.stabilisers().minibatchStd()) {
      list.layer(new MinibatchStdLayer());
    }
    // Conditional: one channel more per trait value and image of a pack, the projection's
    // embeddings (see TraitProjection).
    list.layer(CachingConvolutionLayer.of(conv(1, 0).nOut(1 + (long) s.stabilisers().pack() * s.conditionWidth()).hasBias(true).activation(Activation.IDENTITY)));
    list.setInputType(InputType.convolutional(
        s.resolution(), s.resolution(), (long) CHANNELS * s.stabilisers().pack(), CNN2DFormat.NCHW));
    return list.build();
  }

  /** The DCGAN: fresh networks initialised from {@code settings.seed()}; latents from the same seed. */
  public static GanStep newGan(DcganSettings settings) {
    return newGan(settings, 1, GeneratorLoss.MAX_OF_ALL);
  }

  /**
   * A generator and {@code discriminators} discriminators of the same architecture, the k-th
   * initialised from {@code settings.seed() + k} so that they start different.
   */
  public static GanStep newGan(DcganSettings settings, int discriminators, GeneratorLoss generatorLoss) {
    MultiLayerNetwork g = new MultiLayerNetwork(DcganModels.generator(settings));
    g.init();
    List<MultiLayerNetwork> ds = new ArrayList<>();
    for (int k = 0; k < discriminators; k++) {
      MultiLayerNetwork d = new MultiLayerNetwork(DcganModels.discriminator(settings.withSeed(settings.seed() + k)));
      d.init();
      ds.add(d);
    }
    return new GanStep(g, ds, generatorLoss, settings.nz(), settings.conditional() ? settings.conditions() : null, settings.seed(),
        settings.stabilisers());
  }

  private static NeuralNetConfiguration.Builder common(DcganSettings s, double learningRate) {
    return new NeuralNetConfiguration.Builder()
        .seed(s.seed())
        .dataType(DataType.FLOAT)
        .weightInit(new NormalDistribution(0.0, INIT_STD))
        .updater(new Adam(learningRate, s.beta1(), s.beta2(), Adam.DEFAULT_ADAM_EPSILON))
        .trainingWorkspaceMode(WorkspaceMode.NONE)
        .inferenceWorkspaceMode(WorkspaceMode.ENABLED);
  }

  /**
   * G's batch norm, conditioned on {@code condition} numbers of traits unless 0, and ReLU: fused
   * into one layer ({@link BatchNormActivationLayer}) unless the conditional modulation comes between.
   */
  private static void normalise(NeuralNetConfiguration.ListBuilder list, int channels, int condition, double scale) {
    if (condition == 0) {
      list.layer(new BatchNormActivationLayer(Activation.RELU.getActivationFunction()));
      return;
    }
    list.layer(new BatchNormActivationLayer(Activation.IDENTITY.getActivationFunction()));
    list.layer(new ConditionalModulationLayer(condition, channels, scale));
    list.layer(new ActivationLayer.Builder().activation(Activation.RELU).build());
  }

  /** One 2x up-sampling step to {@code channels} channels, in the configured way. */
  private static void upsample(NeuralNetConfiguration.ListBuilder list, Upsampling how, int channels,
      boolean bias, Activation activation) {
    if (how == Upsampling.TRANSPOSED) {
      list.layer(CachingDeconvolutionLayer.of(deconv(2, 1).nOut(channels).hasBias(bias).activation(activation)));
    } else if (how == Upsampling.RESIZE) {
      // The nearest resize and its 3x3 convolution as one transposed convolution on the small maps:
      // the same parameters and maths at 4 multiply-adds per output value and input channel, not 9.
      list.layer(new ResizeConvolutionLayer(channels, bias, activation));
    } else {
      list.layer(new BilinearUpsamplingLayer());
      list.layer(new ConvolutionLayer.Builder()
          .kernelSize(RESIZE_KERNEL, RESIZE_KERNEL).stride(1, 1)
          .convolutionMode(ConvolutionMode.Same)
          .dataFormat(CNN2DFormat.NCHW)
          .nOut(channels).hasBias(bias).activation(activation).build());
    }
  }

  /** Output side = stride * (input - 1) + 4 - 2 * padding: 1 -> 4 (stride 1, padding 0), n -> 2n (2, 1). */
  private static Deconvolution2D.Builder deconv(int stride, int padding) {
    return new Deconvolution2D.Builder()
        .kernelSize(KERNEL, KERNEL).stride(stride, stride).padding(padding, padding)
        .convolutionMode(ConvolutionMode.Truncate)
        .dataFormat(CNN2DFormat.NCHW);
  }

  /** Output side = (input + 2 * padding - 4) / stride + 1: n -> n/2 (stride 2, padding 1), 4 -> 1 (1, 0). */
  private static ConvolutionLayer.Builder conv(int stride, int padding) {
    return new ConvolutionLayer.Builder()
        .kernelSize(KERNEL, KERNEL).stride(stride, stride).padding(padding, padding)
        .convolutionMode(ConvolutionMode.Truncate)
        .dataFormat(CNN2DFormat.NCHW);
  }
}
