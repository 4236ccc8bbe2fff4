package org.nftgen.dcgan;

/**
 * Analytic floating-point operations of the DCGAN, counted as the PyTorch reference benchmark
 * (deploy/bench/dcgan_bench.py) counts them, so that GFLOP/s of both compare: convolutions and
 * transposed convolutions only, one multiply-add = 2 FLOP, backward = 2 x forward.
 */
public final class DcganFlops {
  private static final int KERNEL = 16; // 4 x 4

  private DcganFlops() {}

  /** Forward FLOPs of the generator for one image. */
  public static double generatorForward(DcganSettings s) {
    if (s.upsampling() != Upsampling.TRANSPOSED) {
      return resizeGeneratorForward(s);
    }
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
    macs += (double) width * side * side * outputChannels(s) * KERNEL;
    return 2 * macs;
  }

  /** Forward FLOPs of a resize-convolution generator for one image: 3x3 convolutions at the doubled side. */
  private static double resizeGeneratorForward(DcganSettings s) {
    int blocks = s.scaleBlocks();
    int width = s.ngf() << (blocks - 1);
    int taps = DcganModels.RESIZE_KERNEL * DcganModels.RESIZE_KERNEL;
    double macs = (double) s.nz() * width * KERNEL;
    int side = 4;
    for (int b = 1; b < blocks; b++) {
      side *= 2;
      macs += (double) width * (width / 2) * side * side * taps;
      width /= 2;
    }
    side *= 2;
    macs += (double) width * outputChannels(s) * side * side * taps;
    return 2 * macs;
  }

  /** Channels of the generator's last convolution: RGB, or the flat-background layer's seven. */
  private static int outputChannels(DcganSettings s) {
    return s.flatBackground() ? FlatBackgroundLayer.INPUT_CHANNELS : DcganModels.CHANNELS;
  }

  /** Forward FLOPs of the discriminator for one image. */
  public static double discriminatorForward(DcganSettings s) {
    int blocks = s.scaleBlocks();
    int side = s.resolution() / 2;
    int in = 3 * s.stabilisers().pack();
    int width = s.ndf();
    // A convolution gathers Cin x k x k inputs into every output value.
    double macs = (double) width * side * side * in * KERNEL;
    for (int b = 1; b < blocks; b++) {
      in = width;
      width *= 2;
      side /= 2;
      macs += (double) width * side * side * in * KERNEL;
    }
    // The 4x4 valid convolution to one logit, over one more channel after a minibatch-std layer.
    macs += (double) (width + (s.stabilisers().minibatchStd() ? 1 : 0)) * KERNEL;
    return 2 * macs;
  }

  /**
   * One training iteration on a batch: D on real, G, D on the fakes twice (D step and G step),
   * each forward followed by a backward of twice its cost, as the reference counts it; with R1,
   * its two more D passes on the reals every r1-every iterations.
   */
  public static double iteration(DcganSettings s, int batch) {
    // D runs once per pack of images; each extra G step is a G forward, a D forward, both backward.
    double d = discriminatorForward(s) / s.stabilisers().pack();
    double extraGeneratorSteps = (s.stabilisers().generatorSteps() - 1) * 3 * (d + generatorForward(s));
    double r1 = s.stabilisers().r1Gamma() > 0 ? 2 * 3 * d / s.stabilisers().r1Every() : 0;
    return (3 * (3 * d + generatorForward(s)) + extraGeneratorSteps + r1) * batch;
  }
}
