package org.nftgen.model;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLambdaLayer;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The generator's last step when it paints a figure over a flat background (a layered generator,
 * after LR-GAN, Yang et al. 2017, and FineGAN, Singh et al. 2019): from seven channels, a
 * foreground {@code tanh(c0..2)}, a mask {@code sigmoid(c3 + MASK_OFFSET)} and a background colour
 * {@code tanh(mean over the image of c4..6)}, it outputs {@code mask * foreground + (1 - mask) *
 * background}. The background is one colour per image by construction, so the generator cannot
 * mix two background colours in one image (the seed DCGAN's defect); where the figure is, the mask
 * lets the foreground through. No parameters: the convolution before it learns all of it.
 */
public final class FlatBackgroundLayer extends SameDiffLambdaLayer {
  /** Channels this layer takes: foreground RGB, mask, background RGB. */
  public static final int INPUT_CHANNELS = 7;
  /**
   * Added to the mask's logit so that the mask starts nearly closed (sigmoid(-3) = 0.05): a fresh
   * generator paints flat backgrounds and the discriminator has it open the mask where figures are,
   * instead of starting half open everywhere and having to learn to close it along every border.
   */
  public static final double MASK_OFFSET = -3.0;

  @Override
  public SDVariable defineLayer(SameDiff sd, SDVariable input) {
    SDVariable foreground = sd.math.tanh(channels(input, 0, 3));
    SDVariable mask = sd.nn.sigmoid(channels(input, 3, 4).add(MASK_OFFSET));
    SDVariable background = sd.math.tanh(sd.mean(channels(input, 4, 7), true, 2, 3));
    // mask * fg + (1 - mask) * bg = bg + mask * (fg - bg), with bg broadcast over the image.
    return background.add(mask.mul(foreground.sub(background)));
  }

  private static SDVariable channels(SDVariable input, int from, int to) {
    return input.get(SDIndex.all(), SDIndex.interval(from, to), SDIndex.all(), SDIndex.all());
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    InputType.InputTypeConvolutional in = (InputType.InputTypeConvolutional) inputType;
    return InputType.convolutional(in.getHeight(), in.getWidth(), DcganModels.CHANNELS, in.getFormat());
  }
}
