package org.nftgen.traits;

import com.typesafe.config.Config;
import java.io.Serializable;
import org.nftgen.config.SettingsException;
import org.nftgen.config.SettingsReader;

/** Settings of the trait classifier and of {@code train-traits}, read from {@code nftgen.traits}. */
public record TraitSettings(
    String input,
    String output,
    int resolution,
    int width,
    int features,
    int epochs,
    int batch,
    double learningRate,
    int workers,
    int averagingFrequency,
    double holdoutFraction,
    int maxValues,
    long seed,
    boolean overwrite) implements Serializable {

  public static TraitSettings from(Config config) {
    SettingsReader r = new SettingsReader(config, "nftgen.traits");
    int resolution = r.intValue("resolution", 16, 256);
    if (Integer.bitCount(resolution) != 1) {
      throw new SettingsException("Setting '" + r.key("resolution") + "' = " + resolution + " must be a power of two");
    }
    return new TraitSettings(r.requiredString("input", "pass --input, the prepared dataset"),
        r.requiredString("output", "pass --output, the run folder"), resolution, r.intValue("width", 1, 1024),
        r.intValue("features", 1, 8192), r.intValue("epochs", 1, 100_000), r.intValue("batch", 1, 4096),
        r.doubleValue("learning-rate", 1e-7, 1), r.intValue("workers", 1, 4096),
        r.intValue("averaging-frequency", 1, 100_000), r.doubleValue("holdout-fraction", 0.01, 0.9),
        r.intValue("max-values", 2, 4096), r.longValue("seed", Long.MIN_VALUE, Long.MAX_VALUE), r.bool("overwrite"));
  }
}
