package org.nftgen.model;

/**
 * Analytic floating-point operations of the DCGAN, counted as the PyTorch reference benchmark
 * (../shared/bench/dcgan_bench.py) counts them, so that GFLOP/s of both compare: convolutions and
 * transposed convolutions only, one multiply-add = 2 FLOP, backward = 2 x forward.
 */
public final class DcganFlops {
  private static final int KERNEL = 16; // 4 x 4

  private DcganFlops() {}

  /** Forward FLOPs of the generator for one image. */
  public static double generatorForward(DcganSettings s) {
    int blocks = s.scaleBlocks();
    int width = s.ngf() << (blocks - 1);
    // A transposed convolution scatters every input value into Cout x k x k outputs.
    double macs = (double) s.nz() * width * KERNEL;
    int side = 4;
    for (int b = 1; b < blocks; b++) {
      macs += (double) width * side * side * (width / 2) * KERNEL;
      width /= 2;
      side *= 2;
    }
    macs += (double) width * side * side * 3 * KERNEL;
    return 2 * macs;
  }

  /** Forward FLOPs of the discriminator for one image. */
  public static double discriminatorForward(DcganSettings s) {
    int blocks = s.scaleBlocks();
    int side = s.resolution() / 2;
    int in = 3;
    int width = s.ndf();
    // A convolution gathers Cin x k x k inputs into every output value.
    double macs = (double) width * side * side * in * KERNEL;
    for (int b = 1; b < blocks; b++) {
      in = width;
      width *= 2;
      side /= 2;
      macs += (double) width * side * side * in * KERNEL;
    }
    macs += (double) width * KERNEL; // the 4x4 valid convolution to one logit
    return 2 * macs;
  }

  /**
   * One training iteration on a batch: D on real, G, D on the fakes twice (D step and G step),
   * each forward followed by a backward of twice its cost, as the reference counts it.
   */
  public static double iteration(DcganSettings s, int batch) {
    // Each extra G step: G forward, D forward, both backward.
    double extraGeneratorSteps = (s.generatorSteps() - 1) * 3 * (discriminatorForward(s) + generatorForward(s));
    return (3 * (3 * discriminatorForward(s) + generatorForward(s)) + extraGeneratorSteps) * batch;
  }
}
