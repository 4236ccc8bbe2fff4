package org.nftgen.gan;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Mode-seeking regularisation of the generator (Mao et al. 2019, "Mode Seeking Generative
 * Adversarial Networks for Diverse Image Synthesis"): for pairs of fakes, the ratio of how far apart
 * the images are to how far apart their latents are, {@code r = mean|G(z1) - G(z2)| / mean|z1 - z2|},
 * and G's loss gains {@code weight / (r + epsilon)}. A generator that maps many latents to one image
 * (the "same face" collapse) has a small ratio and pays for it; one that keeps distinct latents
 * apart pays almost nothing. The pairs are the batch's first half against its second half, so no
 * extra forward pass is needed. The term is bounded (at most {@code weight / epsilon}) and its
 * gradient fades as the ratio grows, so it does not push G towards noise the way an unbounded
 * distance would.
 */
public final class ModeSeeking {
  /** Keeps the term finite when two fakes are identical. */
  static final double EPSILON = 1e-5;

  private ModeSeeking() {}

  /** The term's value (already weighted) and its gradient with respect to every image. */
  public record Term(double loss, INDArray imageGradient) {}

  /**
   * The weighted term for {@code images [n, c, h, w]} made from {@code latents [n, nz, ...]}. An odd
   * image out (n odd) gets no gradient.
   */
  public static Term of(INDArray images, INDArray latents, double weight) {
    long n = images.size(0);
    long pairs = n / 2;
    INDArray gradient = Nd4j.zeros(images.dataType(), images.shape());
    if (pairs == 0 || weight == 0) {
      return new Term(0, gradient);
    }
    long pixels = images.length() / n;
    long width = latents.length() / n;
    INDArray flat = images.reshape(n, pixels);
    INDArray z = latents.reshape(n, width).castTo(images.dataType());
    INDArray diff = flat.get(NDArrayIndex.interval(0, pairs), NDArrayIndex.all())
        .sub(flat.get(NDArrayIndex.interval(pairs, 2 * pairs), NDArrayIndex.all()));
    INDArray imageDistance = Transforms.abs(diff, true).mean(1);
    INDArray latentDistance = Transforms.abs(z.get(NDArrayIndex.interval(0, pairs), NDArrayIndex.all())
        .sub(z.get(NDArrayIndex.interval(pairs, 2 * pairs), NDArrayIndex.all())), false).mean(1);
    INDArray ratio = imageDistance.div(latentDistance).addi(EPSILON);
    double loss = weight * Transforms.pow(ratio, -1, true).meanNumber().doubleValue();
    // d/dx_a of weight * mean_p 1 / (r_p + eps) = -weight / P / (r_p + eps)^2 / dz_p / pixels * sign(x_a - x_b)
    INDArray perPair = Transforms.pow(ratio, 2, true).muli(latentDistance).muli(-(double) pairs * pixels / weight)
        .rdivi(1.0).reshape(pairs, 1);
    INDArray first = Transforms.sign(diff, false).muliColumnVector(perPair);
    INDArray flatGradient = gradient.reshape(n, pixels);
    flatGradient.get(NDArrayIndex.interval(0, pairs), NDArrayIndex.all()).assign(first);
    flatGradient.get(NDArrayIndex.interval(pairs, 2 * pairs), NDArrayIndex.all()).assign(first.neg());
    return new Term(loss, gradient);
  }
}
