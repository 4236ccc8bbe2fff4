package org.nftgen.metrics.eval;

import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The yardstick's classifiers (the collection's feature network and the two-sample test): blocks of
 * a 4x4 stride-2 convolution, batch norm and LeakyReLU 0.2 (the DCGAN discriminator's block, widths
 * {@code w, 2w, 4w, ...}), a global average pool, one dense ReLU layer and a softmax. The global pool
 * makes the network take any side divisible by 2^depth; the dense layer is the "penultimate" layer
 * whose outputs serve as features.
 */
final class SmallCnn {
  /** Layers per block: convolution, batch norm, activation. */
  static final int LAYERS_PER_BLOCK = 3;

  private SmallCnn() {}

  static MultiLayerNetwork build(YardstickSettings.Network s, int side) {
    if (side % (1 << s.depth()) != 0) {
      throw new IllegalArgumentException("side " + side + " is not divisible by 2^depth = " + (1 << s.depth()));
    }
    NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
        .seed(s.seed())
        .dataType(DataType.FLOAT)
        .updater(new Adam(s.learningRate(), 0.5, 0.999, 1e-8))
        .weightInit(WeightInit.RELU)
        .trainingWorkspaceMode(WorkspaceMode.ENABLED)
        .inferenceWorkspaceMode(WorkspaceMode.NONE) // feedForward's activations must outlive the call
        .list();
    int width = s.width();
    for (int b = 0; b < s.depth(); b++) {
      list.layer(new ConvolutionLayer.Builder().kernelSize(4, 4).stride(2, 2).padding(1, 1)
          .convolutionMode(ConvolutionMode.Truncate).dataFormat(CNN2DFormat.NCHW)
          .nOut(width).hasBias(false).activation(Activation.IDENTITY).build());
      list.layer(new BatchNormalization.Builder().build());
      list.layer(new ActivationLayer.Builder().activation(new ActivationLReLU(0.2)).build());
      width *= 2;
    }
    list.layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build());
    list.layer(new DenseLayer.Builder().nOut(s.dense()).activation(Activation.RELU).build());
    list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(s.classes())
        .activation(Activation.SOFTMAX).build());
    list.setInputType(InputType.convolutional(side, side, 3, CNN2DFormat.NCHW));
    MultiLayerNetwork net = new MultiLayerNetwork(list.build());
    net.init();
    return net;
  }

  /** Index, in {@code feedForward}'s list (input first), of block {@code b}'s activation. */
  static int blockActivation(int b) {
    return LAYERS_PER_BLOCK * b + LAYERS_PER_BLOCK;
  }

  /** Index, in {@code feedForward}'s list, of the dense layer's output. */
  static int denseActivation(int depth) {
    return LAYERS_PER_BLOCK * depth + 2;
  }

  /** One-hot rows of {@code labels} over {@code classes}. */
  static INDArray oneHot(int[] labels, int classes) {
    float[] data = new float[labels.length * classes];
    for (int i = 0; i < labels.length; i++) {
      data[i * classes + labels[i]] = 1f;
    }
    return org.nd4j.linalg.factory.Nd4j.create(data, new long[] {labels.length, classes}, 'c');
  }

  /** The softmax outputs of {@code net} for a batch, as a plain matrix. */
  static float[][] probabilities(MultiLayerNetwork net, INDArray input) {
    return net.output(input, false).castTo(DataType.FLOAT).toFloatMatrix();
  }

  static List<INDArray> activations(MultiLayerNetwork net, INDArray input) {
    return net.feedForward(input, false);
  }
}
