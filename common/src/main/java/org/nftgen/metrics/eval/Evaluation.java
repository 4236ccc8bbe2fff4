package org.nftgen.metrics.eval;

import java.util.List;
import org.nftgen.data.RgbImage;

/**
 * All evaluation metrics of generated images in one call: distribution distances and
 * precision/recall against held-out real images (in {@link FeatureNetwork} space), background
 * purity of the generated images, and their copy rate against the training images (pixel space).
 */
public final class Evaluation {

  /**
   * The metrics of one evaluation. {@code kid} and {@code fid} are in random-feature units
   * ({@code features} says which): compare them only between evaluations with the same features
   * and sample sizes. {@code nearestTrainingIndex[i]} is the training image closest to generated
   * image {@code i}, at RMS pixel distance {@code nearestTrainingDistance[i]}.
   */
  public record Result(
      double kid,
      double kidStd,
      double fid,
      double precision,
      double recall,
      double backgroundPurity,
      double copyRate,
      int[] nearestTrainingIndex,
      double[] nearestTrainingDistance,
      String features) {}

  private Evaluation() {}

  public static Result compare(List<RgbImage> generated, List<RgbImage> real, List<RgbImage> training,
      EvaluateSettings settings) {
    return compare(generated, real, training, settings, new FeatureNetwork(settings));
  }

  /** As above with another feature extractor (e.g. a user-supplied Inception network). */
  public static Result compare(List<RgbImage> generated, List<RgbImage> real, List<RgbImage> training,
      EvaluateSettings settings, FeatureExtractor extractor) {
    float[][] fake = extractor.features(generated);
    float[][] truth = extractor.features(real);
    Kid.Result kid = Kid.compute(truth, fake, settings.kidSubsets(), settings.kidSubsetSize(), settings.featureSeed());
    double fid = Fid.compute(truth, fake);
    PrecisionRecall.Result pr = PrecisionRecall.compute(truth, fake, settings.k());
    double purity = BackgroundPurity.fraction(
        generated, settings.borderWidth(), settings.purityTolerance(), settings.purityOutliers());
    CopyRate.Result copies = CopyRate.compute(generated, training, settings.featureSide(), settings.copyThreshold());
    return new Result(kid.mean(), kid.std(), fid, pr.precision(), pr.recall(), purity, copies.rate(),
        copies.nearestIndex(), copies.nearestDistance(), extractor.describe());
  }
}
