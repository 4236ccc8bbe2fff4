package org.nftgen.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DcganFlopsTest {
  @Test
  void seedSizeMatchesThePyTorchReferenceCount() {
    // NOTES.md: one DCGAN iteration at nz=100, ngf=ndf=64, 64x64, batch 64 is ~160 GFLOP as
    // dcgan_bench.py counts it.
    DcganSettings seed = new DcganSettings(100, 64, 64, 64, 2e-4, 0.5, 0.999, 64, 0.2, 0.0, 1, 1);
    double g = DcganFlops.generatorForward(seed);
    double d = DcganFlops.discriminatorForward(seed);
    // By hand: G = 2 x 16 x (100x512 + 512x16x256 + 256x64x128 + 128x256x64 + 64x1024x3)
    assertEquals(2.0 * 16 * (100 * 512 + 512 * 16 * 256 + 256 * 64 * 128 + 128 * 256 * 64 + 64 * 1024 * 3), g);
    // D = 2 x 16 x (64x32x32x3 + 128x16x16x64 + 256x8x8x128 + 512x4x4x256 + 512)
    assertEquals(2.0 * 16 * (64 * 1024 * 3 + 128 * 256 * 64 + 256 * 64 * 128 + 512 * 16 * 256 + 512), d);
    assertEquals(3 * (3 * d + g) * 64, DcganFlops.iteration(seed, 64));
    assertEquals(160, DcganFlops.iteration(seed, 64) / 1e9, 10);
  }
}
