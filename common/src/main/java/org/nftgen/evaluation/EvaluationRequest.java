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

  /** Sizes of evaluate's contact sheets and of its SRGAN batches. */
  public record Sheets(int cell, int nearestPairs, int upscaleBatch) {}

  public static EvaluationRequest from(Config config) {
    SettingsReader r = new SettingsReader(config, "nftgen.evaluate");
    return new EvaluationRequest(r.requiredString("input", "pass --input run folder or checkpoint"),
        r.requiredString("output", "pass --output folder"), EvaluateSettings.from(config),
        YardstickSettings.from(config), r.string("traits-classifier").trim(),
        r.doubleValue("trait-trusted-accuracy", 0, 1), ModelPin.checkForm(r.string("generator-sha256"),
            r.key("generator-sha256")), new Sheets(r.intValue("sheet-cell", 8, 1024),
            r.intValue("nearest-pairs", 1, 256), r.intValue("upscale-batch", 1, 1024)));
  }
}
