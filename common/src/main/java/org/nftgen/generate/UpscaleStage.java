package org.nftgen.generate;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One super-resolution step of the generation pipeline: NCHW float images in [-1, 1] (the
 * generator's tanh range) in, the same images {@link #factor()} times larger out. An SRGAN
 * generator, the bicubic fallback, or anything else that enlarges images plugs in here.
 * Not required to be thread-safe: each Spark task opens its own (see {@link UpscalerSource}).
 */
public interface UpscaleStage extends AutoCloseable {
  /** The enlargement per side: 2 or 4. */
  int factor();

  /** Enlarges a batch {@code [n, 3, h, w]} to {@code [n, 3, h * factor, w * factor]}, in [-1, 1]. */
  INDArray upscale(INDArray nchw);

  /**
   * A dedicated 4x stage to make the largest size from the base image directly, where there is
   * one (a 2x stage of an {@link UpscalerPair}); null means: apply this stage twice (2x) or shrink
   * its result for the middle size (4x).
   */
  default UpscaleStage fourTimes() {
    return null;
  }

  @Override
  default void close() {}
}
