package org.nftgen.dcgan;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nftgen.gan.LayerWiring;

/**
 * DL4J's {@link ConvolutionLayer} whose backward pass reuses the forward pass's pre-activation
 * instead of computing the convolution again ({@link KeptPreOutput}). The same parameters,
 * initialisation and maths: only the configuration's class name differs, so snapshots of either
 * load into the other.
 */
public final class CachingConvolutionLayer extends ConvolutionLayer {

  /** For JSON deserialisation. */
  public CachingConvolutionLayer() {
    super();
  }

  private CachingConvolutionLayer(ConvolutionLayer.Builder builder) {
    super(builder);
  }

  /** The layer {@code builder} describes; validated by DL4J's own {@code build()} first. */
  public static CachingConvolutionLayer of(ConvolutionLayer.Builder builder) {
    builder.build();
    return new CachingConvolutionLayer(builder);
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
      INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
    return LayerWiring.wire(new CachingConvolution(conf, networkDataType), conf, listeners, layerIndex,
        layerParamsView, initializeParams);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CachingConvolutionLayer && super.equals(o);
  }

  /** Lombok's symmetry hook in DL4J's Layer.equals: a plain convolution never equals this one. */
  @Override
  protected boolean canEqual(Object other) {
    return other instanceof CachingConvolutionLayer;
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + 11;
  }

  @Override
  public CachingConvolutionLayer clone() {
    return (CachingConvolutionLayer) super.clone();
  }
}
