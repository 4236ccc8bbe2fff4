package org.nftgen.generate;

import org.nftgen.data.TraitLabels;
import org.nftgen.model.TraitCondition;

/**
 * The traits of each image of a conditional batch: the requested ones fixed, every other type drawn
 * from the collection's rarity table, seeded by the image's latent seed alone (so an image keeps its
 * traits whatever chunk, partition or retry makes it).
 *
 * @param conditions the traits the generator was trained on
 * @param fixed per type of {@code conditions}, the requested class, or -1 to draw it
 */
public record RarityPlan(TraitLabels conditions, int[] fixed) implements TraitPlan {
  /** Mixed into the latent seed so that the traits' draws are not the latent's own numbers. */
  private static final long SALT = 0x7A3B1C5D9E2F4A6BL;

  @Override
  public int[] classes(long index, long latentSeed) {
    return TraitCondition.draw(conditions, latentSeed ^ SALT, fixed);
  }
}
