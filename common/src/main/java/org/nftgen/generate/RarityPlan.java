package org.nftgen.generate;

import org.nftgen.data.TraitLabels;
import org.nftgen.gan.TraitCondition;

/**
 * The traits of each image of a conditional batch: the requested ones fixed, every other type drawn
 * from the collection's rarity table, seeded by the image's latent seed alone (so an image keeps its
 * traits whatever chunk, partition or retry makes it).
 *
 * @param conditions the traits the generator was trained on
 * @param fixed per type of {@code conditions}, the class every image is asked for, or -1 to draw it
 * @param perImage null, or per image of the batch the classes it is asked for (-1: {@code fixed}'s)
 */
public record RarityPlan(TraitLabels conditions, int[] fixed, int[][] perImage) implements TraitPlan {
  /** Mixed into the latent seed so that the traits' draws are not the latent's own numbers. */
  private static final long SALT = 0x7A3B1C5D9E2F4A6BL;

  public RarityPlan(TraitLabels conditions, int[] fixed) {
    this(conditions, fixed, null);
  }

  @Override
  public int[] classes(long index, long latentSeed) {
    int[] asked = fixed;
    if (perImage != null) {
      // A batch has at most count images, and the file was checked to have one request per image.
      int[] own = perImage[Math.toIntExact(index)];
      asked = fixed.clone();
      for (int t = 0; t < asked.length; t++) {
        if (own[t] >= 0) {
          asked[t] = own[t];
        }
      }
    }
    return TraitCondition.draw(conditions, latentSeed ^ SALT, asked);
  }
}
