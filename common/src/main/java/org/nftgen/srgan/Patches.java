package org.nftgen.srgan;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nftgen.image.Pixels;
import org.nftgen.image.Resampler;
import org.nftgen.image.RgbImage;

/**
 * Training pairs for super-resolution: a random square high-resolution patch of a dataset image
 * and its low-resolution version, made by shrinking the patch by the factor with the configured
 * filter (the degradation the model learns to invert).
 */
public final class Patches {
  private Patches() {}

  /**
   * A batch of pairs as network tensors (NCHW, [-1, 1]), with the base that the generator's output
   * is added to: the bicubic enlargement of the LR images with {@code bicubic-skip}, else zeros.
   */
  public record Batch(INDArray lr, INDArray hr, INDArray base) {
    /** What phase 1 fits the generator's output to: HR minus the base. */
    public INDArray target() {
      return hr.sub(base);
    }
  }

  /** {@code n} pairs from random images of {@code shard} (HR images of {@code s.hrResolution()}) at random places. */
  public static Batch draw(List<byte[]> shard, SrganSettings s, SplittableRandom random, int n) {
    List<byte[]> hr = new ArrayList<>(n);
    List<byte[]> lr = new ArrayList<>(n);
    List<byte[]> base = new ArrayList<>(n);
    int range = s.hrResolution() - s.hrCrop() + 1;
    for (int i = 0; i < n; i++) {
      RgbImage image = new RgbImage(s.hrResolution(), s.hrResolution(), shard.get(random.nextInt(shard.size())));
      RgbImage patch = crop(image, random.nextInt(range), random.nextInt(range), s.hrCrop());
      RgbImage small = downscale(patch, s);
      hr.add(patch.rgb());
      lr.add(small.rgb());
      if (s.bicubicSkip()) {
        base.add(Resampler.resize(small, s.hrCrop(), s.hrCrop(), Resampler.Filter.BICUBIC).rgb());
      }
    }
    INDArray hrTensor = Pixels.toTensor(hr, s.hrCrop());
    return new Batch(Pixels.toTensor(lr, s.lrCrop()), hrTensor,
        s.bicubicSkip() ? Pixels.toTensor(base, s.hrCrop()) : hrTensor.like().assign(0));
  }

  /** The low-resolution version of {@code hr}: each side divided by the factor, with the configured filter. */
  public static RgbImage downscale(RgbImage hr, SrganSettings s) {
    return Resampler.resize(hr, hr.width() / s.factor(), hr.height() / s.factor(), s.downscaleFilter());
  }

  /** The {@code side} x {@code side} square of {@code image} whose top left corner is (x, y). */
  public static RgbImage crop(RgbImage image, int x, int y, int side) {
    byte[] out = new byte[side * side * 3];
    for (int row = 0; row < side; row++) {
      System.arraycopy(image.rgb(), ((y + row) * image.width() + x) * 3, out, row * side * 3, side * 3);
    }
    return new RgbImage(side, side, out);
  }
}
