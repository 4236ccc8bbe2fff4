package org.nftgen.traits;

import org.nftgen.data.TraitLabels;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The trait classifier: a convolutional trunk shared by every trait type (stride-2 4x4
 * convolutions, each doubling the channels, down to 4x4; batch norm and leaky ReLU), a dense
 * feature layer ({@value #FEATURES}), and one softmax head per trait type ({@code trait-<i>}).
 * One network for all types because traits share what they need to see (the head, the
 * background) and a head costs a dense layer.
 */
public final class TraitClassifierModel {
  /** The input vertex: NCHW images in [-1, 1]. */
  public static final String INPUT = "image";
  /** The shared feature layer, whose activations describe an image for other uses. */
  public static final String FEATURES = "features";

  private TraitClassifierModel() {}

  public static String head(int type) {
    return "trait-" + type;
  }

  public static ComputationGraphConfiguration graph(TraitSettings s, TraitLabels labels) {
    ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
        .seed(s.seed())
        .updater(new Adam(s.learningRate()))
        .weightInit(WeightInit.RELU)
        .convolutionMode(ConvolutionMode.Same)
        .graphBuilder()
        .addInputs(INPUT)
        .setInputTypes(InputType.convolutional(s.resolution(), s.resolution(), 3));
    String previous = INPUT;
    int channels = s.width();
    int side = s.resolution();
    for (int block = 0; side > 4; block++, side /= 2, channels *= 2) {
      String conv = "conv-" + block;
      g.addLayer(conv, new ConvolutionLayer.Builder(4, 4).stride(2, 2).nOut(channels)
          .activation(block == 0 ? Activation.LEAKYRELU : Activation.IDENTITY).build(), previous);
      previous = conv;
      if (block > 0) {
        String norm = "norm-" + block;
        g.addLayer(norm, new BatchNormalization.Builder().activation(Activation.LEAKYRELU).build(), previous);
        previous = norm;
      }
    }
    g.addLayer(FEATURES, new DenseLayer.Builder().nOut(s.features()).activation(Activation.LEAKYRELU).build(), previous);
    String[] heads = new String[labels.types().size()];
    for (int t = 0; t < heads.length; t++) {
      heads[t] = head(t);
      g.addLayer(heads[t], new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(labels.classCount(t))
          .activation(Activation.SOFTMAX).build(), FEATURES);
    }
    return g.setOutputs(heads).build();
  }
}
