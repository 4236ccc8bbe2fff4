package org.nftgen.metrics.eval;

import com.typesafe.config.Config;
import java.io.Serializable;
import org.nftgen.config.SettingsException;
import org.nftgen.config.SettingsReader;

/** How generated images are compared with real ones, read from {@code nftgen.evaluate}. */
public record EvaluateSettings(
    int samples,
    long featureSeed,
    int featureSide,
    int featureWidth,
    int featureDepth,
    boolean colourStatistics,
    int featureBatch,
    int kidSubsets,
    int kidSubsetSize,
    int k,
    double copyThreshold,
    int borderWidth,
    int purityTolerance,
    double purityOutliers) implements Serializable {

  public EvaluateSettings {
    if (featureSide % (1 << featureDepth) != 0) {
      throw new SettingsException("Evaluation feature-side " + featureSide
          + " must be divisible by 2^feature-depth = " + (1 << featureDepth));
    }
  }

  public static EvaluateSettings from(Config config) {
    SettingsReader r = new SettingsReader(config, "nftgen.evaluate");
    return new EvaluateSettings(
        r.intValue("samples", 2, 10_000_000),
        r.longValue("feature-seed", Long.MIN_VALUE, Long.MAX_VALUE),
        r.intValue("feature-side", 4, 1024),
        r.intValue("feature-width", 1, 1024),
        r.intValue("feature-depth", 1, 8),
        r.bool("colour-statistics"),
        r.intValue("feature-batch", 1, 65536),
        r.intValue("kid-subsets", 1, 100_000),
        r.intValue("kid-subset-size", 2, 1_000_000),
        r.intValue("k", 1, 1000),
        r.doubleValue("copy-threshold", 0, 1),
        r.intValue("border-width", 1, 1024),
        r.intValue("purity-tolerance", 0, 255),
        r.doubleValue("purity-outliers", 0, 1));
  }

  /** The same settings with another feature network shape: tests and benchmarks use tiny ones. */
  public EvaluateSettings withFeatures(long seed, int side, int width, int depth) {
    return new EvaluateSettings(samples, seed, side, width, depth, colourStatistics, featureBatch,
        kidSubsets, kidSubsetSize, k, copyThreshold, borderWidth, purityTolerance, purityOutliers);
  }

  public EvaluateSettings withKid(int subsets, int subsetSize) {
    return new EvaluateSettings(samples, featureSeed, featureSide, featureWidth, featureDepth, colourStatistics,
        featureBatch, subsets, subsetSize, k, copyThreshold, borderWidth, purityTolerance, purityOutliers);
  }
}
