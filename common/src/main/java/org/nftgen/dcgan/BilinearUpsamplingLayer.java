package org.nftgen.dcgan;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nftgen.gan.ParameterlessFunction;
import org.nftgen.gan.ParameterlessLayer;

/**
 * A 2x bilinear resize of NCHW feature maps ({@link BilinearUpsampling} does the maths). DL4J's
 * {@code Upsampling2D} only repeats pixels; the 3x3 convolution after such a nearest-neighbour
 * resize starts from 2x2 blocks at every stage, and a briefly trained generator keeps a trace of
 * each stage's grid, a plaid over flat areas. The bilinear resize hands the convolution smooth maps.
 */
public final class BilinearUpsamplingLayer extends ParameterlessLayer {

  @Override
  protected ParameterlessFunction<?> create(NeuralNetConfiguration conf, DataType dataType) {
    return new BilinearUpsampling(conf, dataType);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    if (!(inputType instanceof InputType.InputTypeConvolutional in) || in.getFormat() != CNN2DFormat.NCHW) {
      throw new IllegalStateException("Bilinear up-sampling takes NCHW feature maps, not " + inputType);
    }
    return InputType.convolutional(2 * in.getHeight(), 2 * in.getWidth(), in.getChannels(), in.getFormat());
  }
}
