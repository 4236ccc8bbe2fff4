package org.nftgen.generate;

import java.util.List;
import org.nftgen.image.RgbImage;

/**
 * Chooses each image's latent among candidates: the pipeline draws candidate latents for an image
 * (try 0 is its unguided latent, try t a latent of its own seed), renders them at the base side
 * straight from the generator, and keeps the first the guide accepts; after {@link #maxTries}
 * without one it keeps try 0 and says so. Used to ask an unconditional generator for traits: a
 * trait classifier accepts the candidates that show them.
 */
public interface LatentGuide {
  /** Which of these candidate images (base side, as the generator made them) are acceptable. */
  boolean[] accept(List<RgbImage> candidates);

  /** Candidates tried per image before giving up. */
  int maxTries();
}
