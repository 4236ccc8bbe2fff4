package org.nftgen.srgan;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The SRGAN's content loss: how far the super-resolved images are from the high-resolution ones,
 * with its gradient with respect to the super-resolved images. The default is the per-pixel MSE
 * (plus an optional L1 term). A perceptual loss (distances between VGG feature maps, as in the
 * paper's SRGAN-VGG54) is another implementation of this interface that needs pretrained VGG
 * weights; none are available here and none are faked.
 */
public interface ContentLoss {

  /**
   * The mean loss over the batch, and the gradient of each example's loss (not divided by the batch
   * size: DL4J's updater divides by it, as for the discriminator's cross-entropy).
   */
  record Result(double meanLoss, INDArray gradient) {}

  Result of(INDArray sr, INDArray hr);

  /** Per image: mean over pixels and channels of (sr - hr)^2, plus {@code l1Weight} times the mean |sr - hr|. */
  static ContentLoss pixels(double l1Weight) {
    return (sr, hr) -> {
      long n = sr.size(0);
      double perImage = sr.length() / (double) n;
      INDArray diff = sr.sub(hr);
      double loss = diff.norm2Number().doubleValue();
      loss = loss * loss / sr.length();
      INDArray gradient = diff.mul(2 / perImage);
      if (l1Weight > 0) {
        loss += l1Weight * diff.norm1Number().doubleValue() / sr.length();
        gradient.addi(Transforms.sign(diff, true).muli(l1Weight / perImage));
      }
      return new Result(loss, gradient);
    };
  }
}
