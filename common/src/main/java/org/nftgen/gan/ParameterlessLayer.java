package org.nftgen.gan;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
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
 * The configuration side of this project's hand-written DL4J layers that have no parameters (the
 * flat-background compositing, the minibatch deviation): everything DL4J asks of a layer
 * configuration but its output shape and the layer it makes. Hand-written rather than SameDiff
 * lambdas so that a backward pass can carry more than the forward pass's derivative (a penalty)
 * and be tested against finite differences on its own.
 */
public abstract class ParameterlessLayer extends NoParamLayer {

  /** The working layer, given DL4J's per-layer configuration. */
  protected abstract ParameterlessFunction<?> create(NeuralNetConfiguration conf, DataType dataType);

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
      INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
    return LayerWiring.wire(create(conf, networkDataType), conf, listeners, layerIndex, layerParamsView, initializeParams);
  }

  @Override
  public ParamInitializer initializer() {
    return EmptyParamInitializer.getInstance();
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
    return new LayerMemoryReport.Builder(layerName, getClass(), inputType, out)
        .standardMemory(0, 0)
        // (fixed, per example) in inference, then in training: the output and, in the backward
        // pass, what it recomputes and the input's gradient.
        .workingMemory(0, out.arrayElementsPerExample(), 0,
            out.arrayElementsPerExample() + 2 * inputType.arrayElementsPerExample())
        .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
        .build();
  }

  /**
   * Layers of the same class are equal when DL4J's fields are (a subclass with fields of its own
   * extends this). {@code canEqual} is Lombok's symmetry hook in DL4J's {@code Layer.equals}.
   */
  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && super.equals(o);
  }

  @Override
  protected boolean canEqual(Object other) {
    return other != null && other.getClass() == getClass();
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + getClass().getName().hashCode();
  }
}
