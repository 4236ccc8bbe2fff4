package org.nftgen.dcgan;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nftgen.gan.LayerWiring;

/**
 * A 2x nearest-neighbour resize followed by a 3x3 "same" convolution (the generator's
 * {@link Upsampling#RESIZE} step), computed as one 4x4 stride-2 transposed convolution on the small
 * maps whose kernel is folded from the 3x3 one ({@link ResizeConvolution} says how). Each output
 * value sees a 2x2 patch of the input, so it costs 4 multiply-adds per input channel where the
 * convolution on the resized maps costs 9, and the resized copy is never made.
 *
 * <p>The parameters are those of the 3x3 convolution it replaces, in DL4J's layout and with its
 * initialisation ({@code W} of {@code [out, in, 3, 3]}, {@code b} of {@code [1, out]}): a generator
 * built with it has the same flat parameters as one built from DL4J's {@code Upsampling2D} and
 * {@code ConvolutionLayer}, so their snapshots are interchangeable.
 */
public final class ResizeConvolutionLayer extends ConvolutionLayer {

  /** For JSON deserialisation. */
  public ResizeConvolutionLayer() {
    setKernelSize(new int[] {DcganModels.RESIZE_KERNEL, DcganModels.RESIZE_KERNEL});
    setStride(new int[] {1, 1});
    setPadding(new int[] {0, 0});
    setDilation(new int[] {1, 1});
    setConvolutionMode(ConvolutionMode.Same);
    setCnn2dDataFormat(CNN2DFormat.NCHW);
  }

  /** To {@code channels} output channels, with a bias or not, then {@code activation}. */
  public ResizeConvolutionLayer(long channels, boolean bias, Activation activation) {
    this();
    if (channels < 1) {
      throw new IllegalArgumentException("A resize convolution needs output channels, not " + channels);
    }
    setNOut(channels);
    setHasBias(bias);
    setActivationFn(activation.getActivationFunction());
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
      INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
    return LayerWiring.wire(new ResizeConvolution(conf, networkDataType), conf, listeners, layerIndex, layerParamsView,
        initializeParams);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    if (!(inputType instanceof InputType.InputTypeConvolutional in) || in.getFormat() != CNN2DFormat.NCHW) {
      throw new IllegalStateException("A resize convolution takes NCHW feature maps, not " + inputType);
    }
    return InputType.convolutional(2 * in.getHeight(), 2 * in.getWidth(), nOut, CNN2DFormat.NCHW);
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    InputType out = getOutputType(-1, inputType);
    long weights = nIn * nOut * DcganModels.RESIZE_KERNEL * DcganModels.RESIZE_KERNEL + (hasBias ? nOut : 0);
    return new LayerMemoryReport.Builder(layerName, getClass(), inputType, out)
        .standardMemory(weights, 0)
        // The folded 4x4 kernel, forward and backward, beside the output and the input's gradient.
        .workingMemory(0, out.arrayElementsPerExample(), 2 * weights,
            out.arrayElementsPerExample() + inputType.arrayElementsPerExample())
        .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
        .build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResizeConvolutionLayer && super.equals(o);
  }

  /** Lombok's symmetry hook in DL4J's Layer.equals: a plain convolution never equals this one. */
  @Override
  protected boolean canEqual(Object other) {
    return other instanceof ResizeConvolutionLayer;
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + 7;
  }

  @Override
  public ResizeConvolutionLayer clone() {
    return (ResizeConvolutionLayer) super.clone();
  }
}
