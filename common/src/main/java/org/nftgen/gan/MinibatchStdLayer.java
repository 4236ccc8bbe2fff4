package org.nftgen.gan;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The minibatch standard-deviation layer of Karras et al. 2018 (ProGAN), placed before the
 * discriminator's last convolution: it appends one channel holding, everywhere, the mean over
 * features and positions of the features' standard deviation across the batch. A batch of fakes
 * that all look alike has a small one, a batch of real images a large one, so D can tell a
 * collapsed generator from the collection and G is pushed to vary. The whole batch is one group
 * (the GAN step's D passes see real and fake batches separately, never mixed). No parameters;
 * {@link MinibatchStdDeviation} does the maths.
 */
public final class MinibatchStdLayer extends ParameterlessLayer {

  @Override
  protected ParameterlessFunction<?> create(NeuralNetConfiguration conf, DataType dataType) {
    return new MinibatchStdDeviation(conf, dataType);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    if (!(inputType instanceof InputType.InputTypeConvolutional in) || in.getFormat() != CNN2DFormat.NCHW) {
      throw new IllegalStateException("The minibatch standard-deviation layer takes NCHW feature maps, not "
          + inputType);
    }
    return InputType.convolutional(in.getHeight(), in.getWidth(), in.getChannels() + 1, in.getFormat());
  }
}
