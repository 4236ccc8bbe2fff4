package org.nftgen.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nftgen.data.TraitLabels;
import org.nftgen.gan.GanStep;
import org.nftgen.gan.Seeds;
import org.nftgen.gan.TraitCondition;
import org.nftgen.image.Pixels;
import org.nftgen.image.RgbImage;
import org.nftgen.metrics.eval.EvaluateSettings;

/** The images an evaluation measures: the same seeded latents (and traits) for every model it compares. */
final class Samples {
  private Samples() {}

  /**
   * {@code n} images from a fixed, seeded set of latents, in batches of the feature batch size; for
   * a conditional model ({@code conditions} not null) image i is made for {@code traits[i]}.
   */
  static List<RgbImage> generate(GanStep gan, int n, EvaluateSettings eval, TraitLabels conditions, int[][] traits) {
    List<RgbImage> images = new ArrayList<>();
    Seeds.reseed(gan, eval.featureSeed());
    while (images.size() < n) {
      int from = images.size();
      int batch = Math.min(eval.featureBatch(), n - from);
      INDArray z = gan.sampleLatents(batch);
      INDArray condition = conditions == null ? null
          : TraitCondition.oneHot(conditions, Arrays.copyOfRange(traits, from, from + batch));
      images.addAll(Pixels.toImages(gan.sampler().output(TraitCondition.generatorInput(z, condition, conditions), false)));
    }
    return images;
  }

  /** Traits for {@code n} samples, drawn from the collection's rarity table, seeded. */
  static int[][] drawTraits(TraitLabels conditions, int n, long seed) {
    int[][] out = new int[n][];
    for (int i = 0; i < n; i++) {
      out[i] = TraitCondition.draw(conditions, seed * 0x9E3779B97F4A7C15L + i, null);
    }
    return out;
  }
}
