package org.nftgen.dcgan;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nftgen.gan.LayerWiring;

/**
 * DL4J's {@link Deconvolution2D} whose backward pass reuses the forward pass's pre-activation
 * instead of computing the transposed convolution again ({@link KeptPreOutput}). The same
 * parameters, initialisation and maths: only the configuration's class name differs, so snapshots
 * of either load into the other.
 */
public final class CachingDeconvolutionLayer extends Deconvolution2D {

  /** For JSON deserialisation. */
  public CachingDeconvolutionLayer() {
    super();
  }

  private CachingDeconvolutionLayer(Deconvolution2D.Builder builder) {
    super(builder);
  }

  /** The layer {@code builder} describes; validated by DL4J's own {@code build()} first. */
  public static CachingDeconvolutionLayer of(Deconvolution2D.Builder builder) {
    builder.build();
    return new CachingDeconvolutionLayer(builder);
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
      INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
    return LayerWiring.wire(new CachingDeconvolution(conf, networkDataType), conf, listeners, layerIndex,
        layerParamsView, initializeParams);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CachingDeconvolutionLayer && super.equals(o);
  }

  /** Lombok's symmetry hook in DL4J's Layer.equals: a plain transposed convolution never equals this one. */
  @Override
  protected boolean canEqual(Object other) {
    return other instanceof CachingDeconvolutionLayer;
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + 13;
  }

  @Override
  public CachingDeconvolutionLayer clone() {
    return (CachingDeconvolutionLayer) super.clone();
  }
}
