package org.nftgen.generate;

import java.io.Serializable;

/**
 * The traits a conditional generator makes each image of a batch with: per trait type of its
 * conditions, the class (never -1). A pure function of the image's index and latent seed, so an
 * image gets the same traits wherever and whenever it is made.
 */
@FunctionalInterface
public interface TraitPlan extends Serializable {
  int[] classes(long index, long latentSeed);
}
