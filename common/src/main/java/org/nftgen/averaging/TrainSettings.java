package org.nftgen.averaging;

import com.typesafe.config.Config;
import java.io.Serializable;
import org.nftgen.config.SettingsReader;

/**
 * How a GAN is trained on Spark, read from {@code nftgen.train}: the data, the run folder, and
 * the parameter-averaging schedule (workers, local iterations per round, rounds), checkpoints and
 * samples. The model's own settings live in the model's section.
 */
public record TrainSettings(
    String input,
    String output,
    int workers,
    int localIterations,
    long rounds,
    double maxMinutes,
    double holdoutFraction,
    int checkpointEvery,
    int keepCheckpoints,
    int sampleEvery,
    int sampleGrid,
    int sampleCell,
    boolean resume,
    boolean overwrite) implements Serializable {

  public static TrainSettings from(Config config) {
    SettingsReader r = new SettingsReader(config, "nftgen.train");
    return new TrainSettings(
        r.requiredString("input", "pass --input URI of a prepared dataset"),
        r.requiredString("output", "pass --output URI of the run folder"),
        r.intValue("workers", 1, 100_000),
        r.intValue("local-iterations", 1, 1_000_000),
        r.longValue("rounds", 1, Long.MAX_VALUE),
        r.doubleValue("max-minutes", 0, 1e7),
        r.doubleValue("holdout-fraction", 0, 0.9),
        r.intValue("checkpoint-every", 1, 1_000_000),
        r.intValue("keep-checkpoints", 1, 1_000),
        r.intValue("sample-every", 1, 1_000_000),
        r.intValue("sample-grid", 1, 32),
        r.intValue("sample-cell", 1, 1024),
        r.bool("resume"),
        r.bool("overwrite"));
  }

  /** How many of a dataset's {@code total} images (the first, by index) are trained on. */
  public long trainingImages(long total) {
    return Math.max(1, Math.round(total * (1 - holdoutFraction)));
  }
}
