package org.nftgen.dcgan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nftgen.gan.GanFixtures;

class DcganFlopsTest {
  /** The seed's sizes at batch 64 with resize up-sampling, two G steps and packs of two. */
  private static DcganSettings resizedAndPacked(String... more) {
    java.util.List<String> assignments = new java.util.ArrayList<>(java.util.List.of("nftgen.dcgan.batch=64",
        "nftgen.dcgan.upsampling=resize", "nftgen.dcgan.generator-steps=2", "nftgen.dcgan.pack=2"));
    assignments.addAll(java.util.List.of(more));
    return GanFixtures.settings(assignments.toArray(String[]::new));
  }

  @Test
  void seedSizeMatchesThePyTorchReferenceCount() {
    // docs/notes.md: one DCGAN iteration at nz=100, ngf=ndf=64, 64x64, batch 64 is ~160 GFLOP as
    // dcgan_bench.py counts it.
    DcganSettings seed = GanFixtures.settings("nftgen.dcgan.batch=64");
    double g = DcganFlops.generatorForward(seed);
    double d = DcganFlops.discriminatorForward(seed);
    // By hand: G = 2 x 16 x (100x512 + 512x16x256 + 256x64x128 + 128x256x64 + 64x1024x3)
    assertEquals(2.0 * 16 * (100 * 512 + 512 * 16 * 256 + 256 * 64 * 128 + 128 * 256 * 64 + 64 * 1024 * 3), g);
    // D = 2 x 16 x (64x32x32x3 + 128x16x16x64 + 256x8x8x128 + 512x4x4x256 + 512)
    assertEquals(2.0 * 16 * (64 * 1024 * 3 + 128 * 256 * 64 + 256 * 64 * 128 + 512 * 16 * 256 + 512), d);
    assertEquals(3 * (3 * d + g) * 64, DcganFlops.iteration(seed, 64));
    assertEquals(160, DcganFlops.iteration(seed, 64) / 1e9, 10);
  }

  @Test
  void resizeConvolutionsAndPacksAreCounted() {
    DcganSettings seed = resizedAndPacked();
    // By hand: the 4x4 projection, then 3x3 convolutions at sides 8, 16, 32 and 64.
    double g = 2.0 * (100 * 512 * 16 + 512 * 256 * 64 * 9 + 256 * 128 * 256 * 9 + 128 * 64 * 1024 * 9 + 64 * 3 * 4096 * 9);
    assertEquals(g, DcganFlops.generatorForward(seed));
    // A pack of two: D's first convolution reads 6 channels, and D runs once per two images.
    double d = 2.0 * 16 * (64 * 1024 * 6 + 128 * 256 * 64 + 256 * 64 * 128 + 512 * 16 * 256 + 512);
    assertEquals(d, DcganFlops.discriminatorForward(seed));
    // One extra G step: a G and a (per-pack) D forward, and both backward.
    assertEquals((3 * (3 * d / 2 + g) + 3 * (d / 2 + g)) * 64, DcganFlops.iteration(seed, 64), 1);
    // The flat-background output: the last convolution makes 7 channels instead of 3.
    assertEquals(g + 2.0 * 64 * 4 * 4096 * 9, DcganFlops.generatorForward(resizedAndPacked("nftgen.dcgan.flat-background=true")));
  }
}
