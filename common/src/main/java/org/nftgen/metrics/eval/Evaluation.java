package org.nftgen.metrics.eval;

import java.util.List;
import org.nftgen.image.RgbImage;

/**
 * All evaluation metrics of generated images in one call: distribution distances and
 * precision/recall against held-out real images (in the given feature space), the classifier
 * two-sample test, sharpness and colours relative to the real images, background purity of the
 * generated images, and their copy rate against the training images (pixel space).
 */
public final class Evaluation {

  /**
   * The metrics of one evaluation. {@code kid} and {@code fid} are in the units of {@code features}
   * (which it names): compare them only between evaluations with the same features and sample
   * sizes. {@code c2st} is the two-sample test's balanced accuracy (NaN when not run) and
   * {@code realness[i]} generated image {@code i}'s held-out probability of being real.
   * {@code sharpness} and {@code colours} are ratios to the real images' (1 = like them).
   * {@code nearestTrainingIndex[i]} is the training image closest to generated image {@code i}, at
   * RMS pixel distance {@code nearestTrainingDistance[i]}.
   */
  public record Result(
      double kid,
      double kidStd,
      double fid,
      double precision,
      double recall,
      double c2st,
      double[] realness,
      double sharpness,
      double colours,
      double backgroundPurity,
      double copyRate,
      int[] nearestTrainingIndex,
      double[] nearestTrainingDistance,
      String features) {}

  private Evaluation() {}

  /** With the random feature network and no two-sample test (the metrics that need no training). */
  public static Result compare(List<RgbImage> generated, List<RgbImage> real, List<RgbImage> training,
      EvaluateSettings settings) {
    return compare(generated, real, training, settings, new FeatureNetwork(settings), null);
  }

  /**
   * With another feature extractor (the collection's own, or a user-supplied Inception network) and,
   * unless {@code c2st} is null, the classifier two-sample test trained with those settings.
   */
  public static Result compare(List<RgbImage> generated, List<RgbImage> real, List<RgbImage> training,
      EvaluateSettings settings, FeatureExtractor extractor, YardstickSettings.Network c2st) {
    float[][] fake = extractor.features(generated);
    float[][] truth = extractor.features(real);
    Kid.Result kid = Kid.compute(truth, fake, settings.kidSubsets(), settings.kidSubsetSize(), settings.featureSeed());
    double fid = Fid.compute(truth, fake);
    PrecisionRecall.Result pr = PrecisionRecall.compute(truth, fake, settings.k());
    C2st.Result test = c2st == null ? new C2st.Result(Double.NaN, new double[generated.size()])
        : C2st.compute(real, generated, c2st, settings.featureSide());
    double purity = BackgroundPurity.fraction(
        generated, settings.borderWidth(), settings.purityTolerance(), settings.purityOutliers());
    CopyRate.Result copies = CopyRate.compute(generated, training, settings.featureSide(), settings.copyThreshold());
    return new Result(kid.mean(), kid.std(), fid, pr.precision(), pr.recall(), test.accuracy(), test.realness(),
        Sharpness.ratio(generated, real), Palette.ratio(generated, real), purity, copies.rate(),
        copies.nearestIndex(), copies.nearestDistance(), extractor.describe());
  }
}
