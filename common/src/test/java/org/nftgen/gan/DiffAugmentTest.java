package org.nftgen.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/** DiffAugment: what each augmentation does, and that its backward pass is the forward map's transpose. */
class DiffAugmentTest {
  private static Random rng(long seed) {
    return Nd4j.getRandomFactory().getNewRandomInstance(seed);
  }

  private static INDArray randomImages(int n, int side, long seed) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.rand(DataType.FLOAT, n, 3, side, side).muli(2).subi(1);
  }

  /**
   * For the same draws the augmentation is {@code x -> L x + b}; G's gradient must go back through
   * L's transpose: {@code <L x, g> = <x, backward(g)>} for any x and g, with {@code L x} found as
   * {@code augment(x) - augment(0)}.
   */
  @Test
  void backwardIsTheTransposeOfTheForwardMap() {
    List<Set<Augmentation>> policies = List.of(EnumSet.of(Augmentation.COLOUR), EnumSet.of(Augmentation.TRANSLATION),
        EnumSet.of(Augmentation.CUTOUT), EnumSet.allOf(Augmentation.class));
    for (Set<Augmentation> policy : policies) {
      INDArray x = randomImages(6, 16, 1);
      INDArray g = randomImages(6, 16, 2);
      INDArray lx = DiffAugment.apply(x, policy, rng(11)).output()
          .sub(DiffAugment.apply(Nd4j.zerosLike(x), policy, rng(11)).output());
      DiffAugment.Applied applied = DiffAugment.apply(x, policy, rng(11));
      double forward = lx.castTo(DataType.DOUBLE).mul(g.castTo(DataType.DOUBLE)).sumNumber().doubleValue();
      double backward = x.castTo(DataType.DOUBLE).mul(applied.backward(g).castTo(DataType.DOUBLE)).sumNumber()
          .doubleValue();
      assertEquals(forward, backward, 1e-4 * Math.abs(forward) + 1e-3, policy + ": <Lx, g> vs <x, L^T g>");
    }
  }

  /** The edge is repeated into the gap a shift leaves, so a one-colour image stays exactly one colour. */
  @Test
  void aShiftKeepsAOneColourImageOneColour() {
    INDArray solid = GanFixtures.solidImages(8, 16, 4);
    INDArray shifted = DiffAugment.apply(solid, EnumSet.of(Augmentation.TRANSLATION), rng(5)).output();
    assertArrayEquals(solid.data().asFloat(), shifted.data().asFloat());
    INDArray random = randomImages(8, 16, 6);
    INDArray moved = DiffAugment.apply(random, EnumSet.of(Augmentation.TRANSLATION), rng(5)).output();
    assertNotEquals(random, moved, "some of 8 images must have moved");
  }

  /** A cutout blanks (to 0) a square of half the side per image, clipped at the borders: a sixteenth to a quarter. */
  @Test
  void cutoutBlanksPartOfEveryImage() {
    INDArray ones = Nd4j.ones(DataType.FLOAT, 16, 3, 16, 16);
    INDArray cut = DiffAugment.apply(ones, EnumSet.of(Augmentation.CUTOUT), rng(7)).output();
    for (int i = 0; i < 16; i++) {
      double blank = 1 - cut.slice(i).meanNumber().doubleValue();
      assertTrue(blank >= 1.0 / 16 - 1e-6 && blank <= 0.25 + 1e-6, "image " + i + " blanked " + blank);
    }
  }

  /** Colour changes per image: the images of one batch get different brightness and contrast. */
  @Test
  void colourDiffersFromImageToImage() {
    INDArray solid = GanFixtures.solidImages(8, 16, 8);
    INDArray coloured = DiffAugment.apply(solid, EnumSet.of(Augmentation.COLOUR), rng(9)).output();
    double[] means = new double[8];
    for (int i = 0; i < 8; i++) {
      means[i] = coloured.slice(i).meanNumber().doubleValue() - solid.slice(i).meanNumber().doubleValue();
    }
    double spread = java.util.Arrays.stream(means).max().getAsDouble() - java.util.Arrays.stream(means).min().getAsDouble();
    assertTrue(spread > 0.2, "brightness shifts across the batch span only " + spread);
  }

  /** No policy: the very same images, and no draw, so a run without augmentation keeps its RNG stream. */
  @Test
  void noPolicyIsTheIdentityAndDrawsNothing() {
    Random used = rng(12);
    INDArray x = randomImages(4, 16, 13);
    DiffAugment.Applied applied = DiffAugment.apply(x, Set.of(), used);
    assertSame(x, applied.output());
    INDArray g = randomImages(4, 16, 14);
    assertSame(g, applied.backward(g));
    assertEquals(rng(12).nextLong(), used.nextLong());
  }
}
