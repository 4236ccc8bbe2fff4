package org.nftgen.dcgan;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nftgen.gan.LayerWiring;

/**
 * The conditional half of a conditional batch norm (de Vries et al. 2017): placed after a batch
 * norm of the generator, it scales and shifts each channel of each image by amounts learned per
 * trait value, {@code y = x (1 + k (c Wg + bg)) + k (c Wb + bb)} for the image's one-hot condition
 * {@code c} (from the {@link ConditionTapLayer} at the generator's input) and a fixed scale
 * {@code k} ({@link #getScale}). So every resolution of G
 * is told the traits, where a condition fed beside z alone has to survive every layer on the way.
 *
 * <p>Its parameters are DL4J's dense-layer pair, {@code W = [Wg | Wb]} of {@code [w, 2C]} and
 * {@code b = [bg | bb]} of {@code [1, 2C]}, all zero at the start: a fresh model is the plain
 * conditional generator, and the updater, snapshots and averaging treat them like any weights.
 */
public final class ConditionalModulationLayer extends FeedForwardLayer {
  private double scale = 1.0;

  /** For JSON deserialisation. */
  public ConditionalModulationLayer() {}

  /** For a condition of {@code conditionWidth} numbers, on feature maps of {@code channels} channels. */
  public ConditionalModulationLayer(long conditionWidth, long channels, double scale) {
    if (conditionWidth < 1 || channels < 1) {
      throw new IllegalArgumentException("conditional batch norm needs a condition (width " + conditionWidth
          + ") and channels (" + channels + ")");
    }
    this.nIn = conditionWidth;
    this.nOut = 2 * channels;
    setScale(scale);
  }

  /**
   * What the stored parameters are multiplied by in use: Adam moves each parameter by about the
   * learning rate per step whatever its gradient's size, so a scale k makes the embeddings move k
   * times as fast as G's other weights (an equalised learning rate, Karras et al. 2018).
   */
  public double getScale() {
    return scale;
  }

  public void setScale(double scale) {
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("conditional batch norm scale " + scale + " must be finite and above 0");
    }
    this.scale = scale;
  }

  /** Channels of the feature maps it modulates. */
  public long channels() {
    return nOut / 2;
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
      INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
    ConditionalModulation layer = LayerWiring.wire(new ConditionalModulation(conf, networkDataType), conf, listeners,
        layerIndex, layerParamsView, initializeParams);
    if (initializeParams) {
      // Zero, whatever the network's weight initialisation: no modulation until training finds one.
      layerParamsView.assign(0);
    }
    return layer;
  }

  @Override
  public ParamInitializer initializer() {
    return DefaultParamInitializer.getInstance();
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    if (!(inputType instanceof InputType.InputTypeConvolutional in) || in.getChannels() != channels()
        || in.getFormat() != CNN2DFormat.NCHW) {
      throw new IllegalStateException("This conditional batch norm takes " + channels()
          + "-channel NCHW feature maps, not " + inputType);
    }
    return inputType;
  }

  @Override
  public void setNIn(InputType inputType, boolean override) {
    // nIn is the condition's width, fixed at construction; the feature maps keep their shape.
  }

  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    return null;
  }

  @Override
  public boolean isPretrainParam(String paramName) {
    return false;
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    long perExample = inputType.arrayElementsPerExample();
    return new LayerMemoryReport.Builder(layerName, getClass(), inputType, inputType)
        .standardMemory(nIn * nOut + nOut, 0)
        // Inference: the output; training: the output, the input's gradient and x * e for the gains.
        .workingMemory(0, perExample, 0, 3 * perExample)
        .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
        .build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConditionalModulationLayer other && other.canEqual(this) && super.equals(o)
        && Double.compare(scale, other.scale) == 0;
  }

  /** Lombok's symmetry hook in DL4J's Layer.equals: another layer class never equals this one. */
  @Override
  protected boolean canEqual(Object other) {
    return other instanceof ConditionalModulationLayer;
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + Double.hashCode(scale);
  }

  @Override
  public ConditionalModulationLayer clone() {
    return (ConditionalModulationLayer) super.clone();
  }
}
