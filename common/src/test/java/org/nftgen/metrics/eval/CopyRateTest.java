package org.nftgen.metrics.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nftgen.image.RgbImage;

class CopyRateTest {

  @Test
  void generatedEqualToTrainingIsAllCopiesWithTheRightIndices() {
    List<RgbImage> training = Samples.tokens("apes", 9, 0, 20, 32);
    List<RgbImage> generated = new ArrayList<>(training);
    Collections.reverse(generated);
    CopyRate.Result r = CopyRate.compute(generated, training, 32, 0.04);
    assertEquals(1.0, r.rate());
    int[] expected = new int[20];
    for (int i = 0; i < 20; i++) {
      expected[i] = 19 - i;
      assertEquals(0.0, r.nearestDistance()[i], 1e-6);
    }
    assertArrayEquals(expected, r.nearestIndex());
  }

  @Test
  void unrelatedImagesAreNoCopies() {
    List<RgbImage> training = Samples.tokens("apes", 9, 0, 20, 32);
    CopyRate.Result tokens = CopyRate.compute(Samples.tokens("apes", 9, 100, 10, 32), training, 32, 0.04);
    CopyRate.Result noise = CopyRate.compute(Samples.noise(10, 32, 3), training, 32, 0.04);
    double closest = java.util.Arrays.stream(tokens.nearestDistance()).min().orElseThrow();
    System.out.printf("other tokens: nearest RMS distance >= %.4f; noise >= %.4f%n",
        closest, java.util.Arrays.stream(noise.nearestDistance()).min().orElseThrow());
    assertEquals(0.0, tokens.rate());
    assertEquals(0.0, noise.rate());
    assertTrue(closest > 0.04, "closest other token " + closest);
  }

  @Test
  void aSlightlyPerturbedCopyStillCountsAndSizesAreMatched() {
    List<RgbImage> training = Samples.tokens("apes", 9, 0, 5, 32);
    byte[] rgb = training.get(3).rgb().clone();
    for (int i = 0; i < rgb.length; i += 2) {
      rgb[i] = (byte) Math.min(255, (rgb[i] & 255) + 5); // 5 levels on half the values: RMS ~0.014
    }
    RgbImage perturbed = new RgbImage(32, 32, rgb);
    RgbImage larger = Samples.tokens("apes", 9, 1, 1, 64).get(0); // token 1 drawn at 64, compared at 32
    CopyRate.Result r = CopyRate.compute(List.of(perturbed, larger), training, 32, 0.04);
    assertArrayEquals(new int[] {3, 1}, r.nearestIndex());
    assertEquals(1.0, r.rate(), 0.0, "distances " + java.util.Arrays.toString(r.nearestDistance()));
  }
}
