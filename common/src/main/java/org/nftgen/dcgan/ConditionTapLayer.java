package org.nftgen.dcgan;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nftgen.gan.ParameterlessFunction;
import org.nftgen.gan.ParameterlessLayer;

/**
 * The first layer of a generator with conditional batch norm: it passes G's input {@code [n, nz +
 * w, 1, 1]} on unchanged and hands its last {@code w} channels, the traits' one-hot condition, to
 * the {@link ConditionalModulationLayer}s further down the same forward pass
 * ({@link ConditionTap}). The generator is a plain stack, in which a layer sees only the one
 * before it; this keeps it one (the flat parameter and updater arrays the GAN step, the snapshots
 * and the averaging share) while every batch norm gets the traits.
 */
public final class ConditionTapLayer extends ParameterlessLayer {
  private long latentSize;

  /** For JSON deserialisation. */
  public ConditionTapLayer() {}

  /** Condition = the input's channels from {@code latentSize} on. */
  public ConditionTapLayer(long latentSize) {
    setLatentSize(latentSize);
  }

  public long getLatentSize() {
    return latentSize;
  }

  public void setLatentSize(long latentSize) {
    if (latentSize < 1) {
      throw new IllegalArgumentException("latent size " + latentSize + " must be at least 1");
    }
    this.latentSize = latentSize;
  }

  @Override
  protected ParameterlessFunction<?> create(NeuralNetConfiguration conf, DataType dataType) {
    return new ConditionTap(conf, dataType);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    if (!(inputType instanceof InputType.InputTypeConvolutional in) || in.getChannels() <= latentSize
        || in.getHeight() != 1 || in.getWidth() != 1) {
      throw new IllegalStateException("The condition tap takes [n, " + latentSize
          + " + condition, 1, 1] latents, not " + inputType);
    }
    return inputType;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConditionTapLayer other && other.canEqual(this) && super.equals(o)
        && latentSize == other.latentSize;
  }

  /** Lombok's symmetry hook in DL4J's Layer.equals: another layer class never equals this one. */
  @Override
  protected boolean canEqual(Object other) {
    return other instanceof ConditionTapLayer;
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + Long.hashCode(latentSize);
  }

  @Override
  public ConditionTapLayer clone() {
    return (ConditionTapLayer) super.clone();
  }
}
