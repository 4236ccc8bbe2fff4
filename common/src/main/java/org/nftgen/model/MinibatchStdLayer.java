package org.nftgen.model;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.params.EmptyParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The minibatch standard-deviation layer of Karras et al. 2018 (ProGAN), placed before the
 * discriminator's last convolution: it appends one channel holding, everywhere, the mean over
 * features and positions of the features' standard deviation across the batch. A batch of fakes
 * that all look alike has a small one, a batch of real images a large one, so D can tell a
 * collapsed generator from the collection and G is pushed to vary. The whole batch is one group
 * (the GAN step's D passes see real and fake batches separately, never mixed). No parameters;
 * {@link MinibatchStdDeviation} does the maths.
 */
public final class MinibatchStdLayer extends NoParamLayer {

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
      INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
    MinibatchStdDeviation layer = new MinibatchStdDeviation(conf, networkDataType);
    layer.setListeners(listeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(layerParamsView);
    Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
    layer.setParamTable(params);
    layer.setConf(conf);
    return layer;
  }

  @Override
  public ParamInitializer initializer() {
    return EmptyParamInitializer.getInstance();
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    if (!(inputType instanceof InputType.InputTypeConvolutional in) || in.getFormat() != CNN2DFormat.NCHW) {
      throw new IllegalStateException("The minibatch standard-deviation layer takes NCHW feature maps, not "
          + inputType);
    }
    return InputType.convolutional(in.getHeight(), in.getWidth(), in.getChannels() + 1, in.getFormat());
  }

  @Override
  public void setNIn(InputType inputType, boolean override) {
    // No parameters, nothing sized by the input.
  }

  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    return null;
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    InputType out = getOutputType(-1, inputType);
    return new LayerMemoryReport.Builder(layerName, MinibatchStdLayer.class, inputType, out)
        .standardMemory(0, 0)
        .workingMemory(0, out.arrayElementsPerExample(), 0,
            out.arrayElementsPerExample() + 2 * inputType.arrayElementsPerExample())
        .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
        .build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MinibatchStdLayer other && other.canEqual(this) && super.equals(o);
  }

  /** Lombok's symmetry hook in DL4J's Layer.equals: another layer class never equals this one. */
  @Override
  protected boolean canEqual(Object other) {
    return other instanceof MinibatchStdLayer;
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + 17;
  }

  @Override
  public MinibatchStdLayer clone() {
    return (MinibatchStdLayer) super.clone();
  }
}
