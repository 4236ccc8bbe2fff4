package org.nftgen.dcgan;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nftgen.gan.ParameterlessFunction;
import org.nftgen.gan.ParameterlessLayer;

/**
 * The generator's last step when it paints a figure over a flat background (a layered generator,
 * after LR-GAN, Yang et al. 2017, and FineGAN, Singh et al. 2019): from seven channels, a
 * foreground {@code tanh(c0..2)}, a mask {@code sigmoid(c3 + MASK_OFFSET)} and a background colour
 * {@code tanh(mean over the image of c4..6)}, it outputs {@code mask * foreground + (1 - mask) *
 * background}. The background is one colour per image by construction, so the generator cannot
 * mix two background colours in one image (the seed DCGAN's defect); where the figure is, the mask
 * lets the foreground through. No parameters: the convolution before it learns all of it.
 *
 * <p>The mask penalty (0: none) is an activity regulariser on the mask, as layered GANs use to keep
 * the foreground to where it is needed: the generator's loss gains {@code maskPenalty} times the
 * mean of the mask over each image. Only its gradient exists (the backward pass adds it; the GAN
 * step's reported losses are the adversarial ones). Without it nothing asks the mask to close where
 * the discriminator does not look closely, and a partly open mask lets the foreground's mottle
 * through onto the background, most visibly along the borders.
 *
 * <p>The mask binarisation (0: none) adds {@code maskBinarisation} times the mean of {@code m (1 -
 * m)} over each image, which is 0 only where the mask is fully open or fully closed. Without it the
 * area penalty and the discriminator settle on a half-open mask over the figure, so the figure is
 * painted semi-transparent over the background and looks washed out (measured: about 40% of the
 * pixels of a trained model's images had a mask between 0.1 and 0.9, hardly any above 0.9). Real
 * figures of a layered collection are opaque. Alone, the term pushes a mask above one half towards
 * open and one below towards closed; with the area penalty p beside it the dividing line is
 * {@code (1 + p / binarisation) / 2}.
 *
 * <p>This is the configuration; {@link FlatBackgroundCompositing} does the maths. A hand-written
 * layer rather than a SameDiff lambda: the backward pass needs the penalty's gradient added inside
 * it. It recomputes the three parts from the input in the backward pass instead of keeping them
 * from the forward pass: elementwise work of a few per cent of a generator step.
 */
public final class FlatBackgroundLayer extends ParameterlessLayer {
  /** Channels this layer takes: foreground RGB, mask, background RGB. */
  public static final int INPUT_CHANNELS = 7;
  /**
   * Added to the mask's logit so that the mask starts nearly closed (sigmoid(-3) = 0.05): a fresh
   * generator paints flat backgrounds and the discriminator has it open the mask where figures are,
   * instead of starting half open everywhere and having to learn to close it along every border.
   */
  public static final double MASK_OFFSET = -3.0;

  private double maskPenalty;
  private double maskBinarisation;

  /** Without a mask penalty or binarisation; also the constructor JSON deserialisation uses. */
  public FlatBackgroundLayer() {
    this(0.0, 0.0);
  }

  public FlatBackgroundLayer(double maskPenalty, double maskBinarisation) {
    setMaskPenalty(maskPenalty);
    setMaskBinarisation(maskBinarisation);
  }

  public double getMaskPenalty() {
    return maskPenalty;
  }

  public void setMaskPenalty(double maskPenalty) {
    if (!(maskPenalty >= 0) || Double.isInfinite(maskPenalty)) {
      throw new IllegalArgumentException("mask penalty " + maskPenalty + " must be finite and >= 0");
    }
    this.maskPenalty = maskPenalty;
  }

  public double getMaskBinarisation() {
    return maskBinarisation;
  }

  public void setMaskBinarisation(double maskBinarisation) {
    if (!(maskBinarisation >= 0) || Double.isInfinite(maskBinarisation)) {
      throw new IllegalArgumentException("mask binarisation " + maskBinarisation + " must be finite and >= 0");
    }
    this.maskBinarisation = maskBinarisation;
  }

  @Override
  protected ParameterlessFunction<?> create(NeuralNetConfiguration conf, DataType dataType) {
    return new FlatBackgroundCompositing(conf, dataType);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    if (!(inputType instanceof InputType.InputTypeConvolutional in) || in.getChannels() != INPUT_CHANNELS
        || in.getFormat() != CNN2DFormat.NCHW) {
      throw new IllegalStateException("The flat-background layer takes " + INPUT_CHANNELS
          + "-channel NCHW images, not " + inputType);
    }
    return InputType.convolutional(in.getHeight(), in.getWidth(), DcganModels.CHANNELS, in.getFormat());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FlatBackgroundLayer other && other.canEqual(this) && super.equals(o)
        && Double.compare(maskPenalty, other.maskPenalty) == 0
        && Double.compare(maskBinarisation, other.maskBinarisation) == 0;
  }

  /** Lombok's symmetry hook in DL4J's Layer.equals: another layer class never equals this one. */
  @Override
  protected boolean canEqual(Object other) {
    return other instanceof FlatBackgroundLayer;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * super.hashCode() + Double.hashCode(maskPenalty)) + Double.hashCode(maskBinarisation);
  }

  @Override
  public FlatBackgroundLayer clone() {
    return (FlatBackgroundLayer) super.clone();
  }
}
