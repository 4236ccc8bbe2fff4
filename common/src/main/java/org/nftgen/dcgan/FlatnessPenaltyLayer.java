package org.nftgen.dcgan;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nftgen.gan.ParameterlessFunction;
import org.nftgen.gan.ParameterlessLayer;

/**
 * The generator's image passed on unchanged, with a penalty on small differences between
 * neighbouring pixels added in the backward pass: the prior of flat and pixel art, whose regions
 * are one colour each. Per image the generator's loss gains {@code penalty} times the mean over
 * pixels and channels of {@code min(|x_p - x_q|, threshold)}, summed over each pixel's right and
 * lower neighbour (a truncated total variation). Differences below the threshold (in [-1, 1]
 * units) are pulled to zero: the mottle a briefly trained generator leaves inside each region.
 * Larger ones, the edges between regions, cost a constant and get no gradient, so the penalty
 * flattens regions without blurring their edges.
 *
 * <p>Only the gradient exists, as with the flat background's mask penalty: the GAN step's reported
 * losses stay the adversarial ones. {@link FlatnessPenalty} does the maths.
 */
public final class FlatnessPenaltyLayer extends ParameterlessLayer {
  private double penalty;
  private double threshold;

  /**
   * The constructor JSON deserialisation uses; it then sets both fields from the JSON, so these
   * placeholders never reach a network (the defaults live in reference.conf, read by DcganSettings).
   */
  public FlatnessPenaltyLayer() {
    this(0.0, 0.1);
  }

  public FlatnessPenaltyLayer(double penalty, double threshold) {
    setPenalty(penalty);
    setThreshold(threshold);
  }

  public double getPenalty() {
    return penalty;
  }

  public void setPenalty(double penalty) {
    if (!(penalty >= 0) || Double.isInfinite(penalty)) {
      throw new IllegalArgumentException("flatness penalty " + penalty + " must be finite and >= 0");
    }
    this.penalty = penalty;
  }

  public double getThreshold() {
    return threshold;
  }

  public void setThreshold(double threshold) {
    if (!(threshold > 0) || Double.isInfinite(threshold)) {
      throw new IllegalArgumentException("flatness threshold " + threshold + " must be finite and > 0");
    }
    this.threshold = threshold;
  }

  @Override
  protected ParameterlessFunction<?> create(NeuralNetConfiguration conf, DataType dataType) {
    return new FlatnessPenalty(conf, dataType);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    if (!(inputType instanceof InputType.InputTypeConvolutional in) || in.getFormat() != CNN2DFormat.NCHW) {
      throw new IllegalStateException("The flatness penalty takes NCHW images, not " + inputType);
    }
    return inputType;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FlatnessPenaltyLayer other && super.equals(o)
        && Double.compare(penalty, other.penalty) == 0 && Double.compare(threshold, other.threshold) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * super.hashCode() + Double.hashCode(penalty)) + Double.hashCode(threshold);
  }

  @Override
  public FlatnessPenaltyLayer clone() {
    return (FlatnessPenaltyLayer) super.clone();
  }
}
