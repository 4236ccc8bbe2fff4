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

  @Override
  default void close() {}
}
