package org.nftgen.evaluation;

import com.typesafe.config.Config;
import org.nftgen.config.SettingsReader;
import org.nftgen.metrics.eval.EvaluateSettings;
import org.nftgen.metrics.eval.YardstickSettings;
import org.nftgen.run.ModelPin;

/**
 * What {@code evaluate} is asked to do ({@code nftgen.evaluate}): the folder to measure and where
 * to write, the yardstick's settings, an optional trait classifier and model pin, and the sizes of
 * the contact sheets.
 */
public record EvaluationRequest(String input, String output, EvaluateSettings evaluate, YardstickSettings yardstick,
    String traitsClassifier, double traitTrustedAccuracy, String generatorSha256, Sheets sheets) {

  /**
   * Sizes of evaluate's contact sheets and of its SRGAN batches (see reference.conf).
   *
   * @param cell pixels per image in every sheet
   * @param columns images per row of nearest.png (pairs), realness.png and calibration.png
   */
  public record Sheets(int cell, int columns, int nearestPairs, int blendGroup, int blendRows, int comparisonImages,
      int upscaleBatch) {}

  public static EvaluationRequest from(Config config) {
    SettingsReader r = new SettingsReader(config, "nftgen.evaluate");
    return new EvaluationRequest(r.requiredString("input", "pass --input run folder or checkpoint"),
        r.requiredString("output", "pass --output folder"), EvaluateSettings.from(config),
        YardstickSettings.from(config), r.string("traits-classifier").trim(),
        r.doubleValue("trait-trusted-accuracy", 0, 1), ModelPin.checkForm(r.string("generator-sha256"),
            r.key("generator-sha256")), sheets(r));
  }

  private static Sheets sheets(SettingsReader r) {
    int columns = r.intValue("sheet-columns", 2, 64);
    if (columns % 2 != 0) {
      throw new org.nftgen.config.SettingsException("Setting '" + r.key("sheet-columns") + "' = " + columns
          + " must be even: nearest.png shows pairs");
    }
    return new Sheets(r.intValue("sheet-cell", 8, 1024), columns, r.intValue("nearest-pairs", 1, 256),
        r.intValue("blend-group", 1, 64), r.intValue("blend-rows", 1, 256), r.intValue("comparison-images", 1, 64),
        r.intValue("upscale-batch", 1, 1024));
  }
}
