package org.nftgen.dcgan;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nftgen.gan.LayerWiring;

/**
 * DL4J's batch normalisation of NCHW feature maps with the activation after it fused in, computed
 * by {@link BatchNormActivation}: per channel, the batch statistics in one pass over the maps, the
 * normalisation, scale, shift and activation in a second, and the backward pass in two more. DL4J's
 * own layer and the activation layer after it take a variance pass of their own, several
 * element-wise passes each writing a fresh array and libnd4j's {@code batchnorm_bp}: seven times
 * PyTorch's batch norm time on the seed-size DCGAN (docs/measurements.md).
 *
 * <p>It is DL4J's {@link BatchNormalization} in everything a snapshot or an optimiser sees: the same
 * parameters in the same order ({@code gamma}, {@code beta}, the running mean and log10 standard
 * deviation), the same defaults (decay, epsilon), the running statistics updated through the same
 * "gradient" with DL4J's no-op updater. So a generator or discriminator built with it opens the
 * snapshots of one built from DL4J's batch norm and activation layer, and the other way round.
 * Activations: identity, ReLU and leaky ReLU, the ones nftgen's networks put after a batch norm.
 */
public final class BatchNormActivationLayer extends BatchNormalization {

  /** For JSON deserialisation. */
  public BatchNormActivationLayer() {
    BatchNormalization defaults = new BatchNormalization.Builder().build();
    setDecay(defaults.getDecay());
    setEps(defaults.getEps());
    setMinibatch(defaults.isMinibatch());
    setGamma(defaults.getGamma());
    setBeta(defaults.getBeta());
    setLockGammaBeta(false);
    setUseLogStd(defaults.isUseLogStd());
    setCnn2DFormat(CNN2DFormat.NCHW);
  }

  /** A batch norm followed by {@code activation} (identity, ReLU or leaky ReLU). */
  public BatchNormActivationLayer(IActivation activation) {
    this();
    checkSupported(activation);
    setActivationFn(activation);
  }

  /** The activations {@link BatchNormActivation} computes; any other is refused here, at build time. */
  static void checkSupported(IActivation activation) {
    boolean plainRelu = activation instanceof ActivationReLU relu && relu.getMax() == null
        && (relu.getThreshold() == null || relu.getThreshold() == 0.0)
        && (relu.getNegativeSlope() == null || relu.getNegativeSlope() == 0.0);
    if (!(activation instanceof ActivationIdentity || plainRelu || activation instanceof ActivationLReLU)) {
      throw new IllegalArgumentException("A fused batch norm takes identity, ReLU or leaky ReLU, not " + activation);
    }
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
      INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
    if (isLockGammaBeta() || getCnn2DFormat() != CNN2DFormat.NCHW) {
      throw new IllegalStateException("A fused batch norm learns gamma and beta on NCHW maps");
    }
    checkSupported(getActivationFn());
    return LayerWiring.wire(new BatchNormActivation(conf, networkDataType), conf, listeners, layerIndex,
        layerParamsView, initializeParams);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BatchNormActivationLayer && super.equals(o);
  }

  /** Lombok's symmetry hook in DL4J's Layer.equals: DL4J's own batch norm never equals this one. */
  @Override
  protected boolean canEqual(Object other) {
    return other instanceof BatchNormActivationLayer;
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + 11;
  }

  @Override
  public BatchNormActivationLayer clone() {
    return (BatchNormActivationLayer) super.clone();
  }
}
