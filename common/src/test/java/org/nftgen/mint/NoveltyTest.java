package org.nftgen.mint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nftgen.image.RgbImage;

/** The nearest training token of a generated image, and how far it is. */
class NoveltyTest {
  /** Random colours in 4x4 blocks: structure that survives the 16 px thumbnail of a 64 px image. */
  static RgbImage noise(int side, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int blocks = side / 4;
    byte[][] colours = new byte[blocks * blocks][3];
    for (byte[] c : colours) {
      for (int k = 0; k < 3; k++) {
        c[k] = (byte) random.nextInt(256);
      }
    }
    byte[] rgb = new byte[side * side * 3];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        System.arraycopy(colours[(y / 4) * blocks + x / 4], 0, rgb, (y * side + x) * 3, 3);
      }
    }
    return new RgbImage(side, side, rgb);
  }

  @Test
  void aCopyIsAtDistanceZeroAndAnAlteredCopyIsNearestToItsOriginal() {
    List<Novelty.Token> training = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      training.add(new Novelty.Token(100 + i, "images/" + i + ".png", noise(64, i)));
    }
    Novelty novelty = new Novelty(training);
    Novelty.Nearest copy = novelty.nearest(training.get(7).image());
    assertEquals(107, copy.index());
    assertEquals("images/7.png", copy.source());
    assertEquals(0.0, copy.distance());

    byte[] altered = training.get(12).image().rgb().clone();
    for (int i = 0; i < altered.length; i += 7) {
      altered[i] = (byte) ((altered[i] & 255) ^ 0x20);
    }
    Novelty.Nearest near = novelty.nearest(new RgbImage(64, 64, altered));
    assertEquals(112, near.index());
    assertTrue(near.distance() > 0 && near.distance() < 0.05, "slightly altered: " + near.distance());
    Novelty.Nearest fresh = novelty.nearest(noise(64, 999));
    assertTrue(fresh.distance() > 0.1, "a new picture is far from all: " + fresh.distance());
  }
}
