package org.nftgen.dcgan;

/** How the generator doubles its feature maps' side. */
public enum Upsampling {
  /** 4x4 stride-2 transposed convolutions, as in the DCGAN paper. */
  TRANSPOSED,
  /**
   * Nearest-neighbour 2x resize followed by a 3x3 convolution (Odena et al. 2016, "Deconvolution
   * and checkerboard artifacts"): every output pixel gets the same number of kernel taps, so the
   * generator cannot paint the high-frequency checkerboard that a transposed convolution with
   * kernel 4 and stride 2 starts out with, and flat backgrounds are within its reach.
   */
  RESIZE,
  /**
   * A 2x bilinear resize ({@link BilinearUpsamplingLayer}) followed by the same 3x3 convolution:
   * the convolution starts from smooth maps rather than 2x2 blocks.
   */
  BILINEAR
}
