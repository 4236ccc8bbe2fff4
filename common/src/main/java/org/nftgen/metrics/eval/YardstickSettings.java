package org.nftgen.metrics.eval;

import com.typesafe.config.Config;
import java.io.Serializable;
import org.nftgen.config.SettingsReader;

/**
 * The learned parts of the quality yardstick, read from {@code nftgen.evaluate}: which features the
 * distribution metrics use, the collection's own feature network, the classifier two-sample test and
 * the calibration's margins. Every key is documented in reference.conf.
 */
public record YardstickSettings(
    String features,
    Network collection,
    Network c2st,
    double calibrationSpread,
    boolean calibrate) implements Serializable {

  /** One small CNN of the yardstick and how it is trained (a fixed budget, a fixed seed). */
  public record Network(int classes, int iterations, int batch, int width, int depth, int dense,
      double learningRate, long seed) implements Serializable {}

  public static YardstickSettings from(Config config) {
    SettingsReader r = new SettingsReader(config, "nftgen.evaluate");
    return new YardstickSettings(
        r.choice("features", "collection", "random"),
        network(new SettingsReader(config, "nftgen.evaluate.collection-features"), true),
        network(new SettingsReader(config, "nftgen.evaluate.c2st"), false),
        r.doubleValue("calibration-spread", 0, 1000),
        r.bool("calibrate"));
  }

  private static Network network(SettingsReader r, boolean hasClasses) {
    return new Network(
        hasClasses ? r.intValue("exemplars", 2, 100_000) : 2,
        r.intValue("iterations", 1, 10_000_000),
        r.intValue("batch", 2, 65536),
        r.intValue("width", 1, 1024),
        r.intValue("depth", 1, 8),
        r.intValue("dense", 1, 65536),
        r.doubleValue("learning-rate", 1e-7, 1),
        r.longValue("seed", Long.MIN_VALUE, Long.MAX_VALUE));
  }

  /** The same, calibrating again or not. */
  public YardstickSettings withCalibrate(boolean again) {
    return new YardstickSettings(features, collection, c2st, calibrationSpread, again);
  }

  /** The same with other networks: tests use tiny ones. */
  public YardstickSettings withNetworks(Network collectionFeatures, Network classifier) {
    return new YardstickSettings(features, collectionFeatures, classifier, calibrationSpread, calibrate);
  }
}
