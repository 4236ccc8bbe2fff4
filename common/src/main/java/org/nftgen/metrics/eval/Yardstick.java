package org.nftgen.metrics.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nftgen.image.RgbImage;
import org.nftgen.io.HadoopFiles;
import org.nftgen.io.Json;
import org.nftgen.io.ProgressLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quality yardstick of one dataset and split: its feature space (the collection's own network,
 * or the random one) and the calibration that says which metrics can be trusted on it.
 *
 * <p>The calibration is run on the held-out images, cut into thirds (reference, real, real-2), and
 * cached beside the dataset under a key of everything it depends on; {@code calibrate} runs it again
 * regardless. Below {@link #MIN_CALIBRATION_IMAGES} held-out images it is skipped and every metric
 * reported uncalibrated.
 */
public final class Yardstick {
  private static final Logger LOG = LoggerFactory.getLogger(Yardstick.class);
  /** Held-out images the calibration needs: a third of them per set, at least 8. */
  public static final int MIN_CALIBRATION_IMAGES = 24;
  private static final long MAX_JSON_BYTES = 16L << 20;

  private final FeatureExtractor features;
  private final EvaluateSettings eval;
  private final YardstickSettings settings;
  private final JsonNode calibration;
  private final Calibration.Report report;

  private Yardstick(FeatureExtractor features, EvaluateSettings eval, YardstickSettings settings, JsonNode calibration,
      Calibration.Report report) {
    this.features = features;
    this.eval = eval;
    this.settings = settings;
    this.calibration = calibration;
    this.report = report;
  }

  /** Trains or loads the features and runs or loads the calibration, for images at {@code side}. */
  public static Yardstick open(Path dataset, String datasetIdentity, List<RgbImage> heldOut, List<RgbImage> training,
      EvaluateSettings eval, YardstickSettings settings, Configuration conf) {
    FeatureExtractor features = features(dataset, datasetIdentity, training, eval, settings, conf);
    if (heldOut.size() < MIN_CALIBRATION_IMAGES) {
      ObjectNode skipped = Json.object();
      skipped.put("skipped", heldOut.size() + " held-out images; the calibration needs at least "
          + MIN_CALIBRATION_IMAGES);
      return new Yardstick(features, eval, settings, skipped, null);
    }
    String key = org.nftgen.run.CheckpointStore.sha256((datasetIdentity + "|" + features.describe() + "|" + eval + "|"
        + settings.c2st() + "|" + settings.calibrationSpread() + "|" + heldOut.size() + "|" + training.size() + "|v1")
        .getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    Path cached = new Path(new Path(dataset, "yardstick"), "calibration-" + key + ".json");
    if (!settings.calibrate() && HadoopFiles.exists(cached, conf)) {
      try {
        JsonNode json = Json.mapper().readTree(HadoopFiles.readAll(cached, MAX_JSON_BYTES, conf));
        if (json.path("metrics").isObject()) {
          ProgressLog.format("evaluate: calibration from %s", cached);
          return new Yardstick(features, eval, settings, json, null);
        }
      } catch (Exception e) {
        LOG.warn(String.format(java.util.Locale.ROOT, "evaluate: unreadable cached calibration %s (%s); calibrating again", cached,
            e.getMessage()));
      }
    }
    long start = System.nanoTime();
    int third = heldOut.size() / 3;
    ProgressLog.format("evaluate: calibrating the yardstick on %d x 3 held-out images", third);
    Calibration.Report report = Calibration.run(heldOut.subList(0, third), heldOut.subList(third, 2 * third),
        heldOut.subList(2 * third, 3 * third), training, eval, features, settings);
    ObjectNode json = Calibration.toJson(report);
    json.put("seconds", (System.nanoTime() - start) / 1e9);
    try {
      HadoopFiles.writeString(cached, Json.pretty(json), conf);
    } catch (RuntimeException e) {
      LOG.warn(String.format(java.util.Locale.ROOT, "evaluate: cannot cache the calibration at %s (%s)", cached, e.getMessage()));
    }
    return new Yardstick(features, eval, settings, json, report);
  }

  /**
   * The features the settings ask for: the collection's own (trained on {@code training} once and
   * cached beside the dataset) or the random network.
   */
  public static FeatureExtractor features(Path dataset, String datasetIdentity, List<RgbImage> training,
      EvaluateSettings eval, YardstickSettings settings, Configuration conf) {
    return settings.features().equals("random") ? new FeatureNetwork(eval)
        : YardstickStore.features(dataset, datasetIdentity, training, settings.collection(), eval.featureSide(), conf);
  }

  /** Every metric of {@code generated} against the held-out images. */
  public Evaluation.Result measure(List<RgbImage> generated, List<RgbImage> heldOut, List<RgbImage> training) {
    return Evaluation.compare(generated, heldOut, training, eval, features, settings.c2st());
  }

  /** {@code {metric: passed}} for every reported metric; all false when the calibration was skipped. */
  public ObjectNode calibrated() {
    ObjectNode out = Json.object();
    for (String metric : reportedMetrics()) {
      out.put(metric, calibration.path("metrics").path(metric).path("passed").asBoolean(false));
    }
    return out;
  }

  /** The metrics evaluate reports, in its order. */
  public static List<String> reportedMetrics() {
    return List.of("kid", "fid", "precision", "recall", "c2st", "sharpness", "colours", "backgroundPurity",
        "copyRate");
  }

  /** The calibration as saved (its verdicts and values), or why it was skipped. */
  public JsonNode calibration() {
    return calibration;
  }

  /** The full report when this call ran the calibration (with its image sets); null when it was loaded. */
  public Calibration.Report report() {
    return report;
  }

  public FeatureExtractor features() {
    return features;
  }
}
