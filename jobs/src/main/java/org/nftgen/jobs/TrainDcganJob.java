package org.nftgen.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.nftgen.averaging.Shards;
import org.nftgen.averaging.TrainSettings;
import org.nftgen.config.SettingsException;
import org.nftgen.config.SettingsReader;
import org.nftgen.data.DatasetReader;
import org.nftgen.data.TraitLabels;
import org.nftgen.data.TraitVocabulary;
import org.nftgen.dcgan.DcganModels;
import org.nftgen.dcgan.DcganSettings;
import org.nftgen.dcgan.DcganTrainer;
import org.nftgen.denoise.CollectionPalette;
import org.nftgen.denoise.PaletteSettings;
import org.nftgen.denoise.PixelGrid;
import org.nftgen.denoise.PixelGridSettings;
import org.nftgen.gan.GanState;
import org.nftgen.gan.GanStep;
import org.nftgen.gan.TraitCondition;
import org.nftgen.io.ProgressLog;
import org.nftgen.run.RunFolder;
import org.nftgen.run.WriterLease;

/**
 * {@code train-dcgan}: trains the DCGAN on a prepared dataset by synchronous parameter averaging.
 * The run folder gets {@code config.conf}, {@code metrics.jsonl}, {@code checkpoints/},
 * {@code samples/} and {@code loss.png}; {@code --resume} continues from the newest complete
 * checkpoint and reproduces the uninterrupted run. The last share of the dataset (by index,
 * {@code nftgen.train.holdout-fraction}) is held out for evaluation.
 */
public final class TrainDcganJob {
  static final String JOB = org.nftgen.run.JobNames.TRAIN_DCGAN;
  static final JobCli CLI = JobCli.of(JOB, "Trains the DCGAN on Spark by parameter averaging.")
      .flag("--input", "nftgen.train.input", "the prepared dataset")
      .flag("--output", "nftgen.train.output", "the run folder")
      .flag("--rounds", "nftgen.train.rounds", "rounds to train")
      .flag("--workers", "nftgen.train.workers", "workers (dataset shards)")
      .toggle("--resume", "nftgen.train.resume", "continue from the newest complete checkpoint")
      .toggle("--overwrite", "nftgen.train.overwrite", "replace an existing run folder");

  /**
   * The job's settings: the training schedule, the model and, for a conditional model, the most
   * values a trait type may have to be conditioned on.
   */
  public record Settings(TrainSettings train, DcganSettings model, int conditionMaxValues) {
    static Settings from(Config config) {
      return new Settings(TrainSettings.from(config), DcganSettings.from(config),
          new SettingsReader(config, "nftgen.dcgan").intValue("condition-max-values", 2, TraitCondition.MAX_CLASSES));
    }
  }

  private TrainDcganJob() {}

  public static void main(String[] args) {
    JobMain.execute(CLI, args, Settings::from, TrainDcganJob::run);
  }

  /** Trains; returns the state after the last round. */
  public static GanState run(Settings settings, Config config) {
    TrainSettings train = settings.train();
    DcganSettings model = settings.model();
    SparkRuntime runtime = SparkRuntime.start(JOB, config);
    Path runDir = runtime.qualify(train.output());
    Path dataset = runtime.qualify(train.input());
    JsonNode manifest = DatasetReader.manifest(dataset, runtime.hadoop());
    // The traits a conditional model is conditioned on, read once: with conditional = auto they
    // also decide whether the model is conditional.
    TraitLabels labels = TraitLabels.of(TraitVocabulary.fromManifest(manifest), settings.conditionMaxValues());
    if (DcganSettings.conditionalByDataset(runtime.config())) {
      model = model.withConditional(!labels.types().isEmpty());
      ProgressLog.format("train-dcgan: nftgen.dcgan.conditional = auto: %s", model.conditional()
          ? "the dataset has traits, the model is conditioned on them"
          : "the dataset has no trait type to condition on, the model is unconditional");
    }
    if (model.flatnessPenalty() > 0 && DcganSettings.flatnessByCollection(runtime.config())) {
      model = flatnessForCollection(model, runtime, dataset, train.trainingImages(DatasetReader.count(manifest)));
    }
    if (model.gridFactor() == 0 && DcganSettings.gridByCollection(runtime.config())) {
      model = gridForCollection(model, runtime, dataset, train.trainingImages(DatasetReader.count(manifest)));
    }
    // The config this run is saved and resumed with: conditional as the boolean it is, the
    // flatness penalty and the pixel grid as applied.
    Config resolved = runtime.config()
        .withValue("nftgen.dcgan.conditional", ConfigValueFactory.fromAnyRef(model.conditional()))
        .withValue("nftgen.dcgan.flatness-penalty", ConfigValueFactory.fromAnyRef(model.flatnessPenalty()))
        .withValue("nftgen.dcgan.pixel-grid-factor", ConfigValueFactory.fromAnyRef(model.gridFactor()));
    TraitLabels conditions = model.conditional() ? conditions(labels, dataset, settings.conditionMaxValues()) : null;
    model = conditions == null ? model : model.withConditions(conditions);
    // Held to the end of the run: one writer per run folder.
    try (WriterLease lease = RunFolder.open(runDir, train.resume(), train.overwrite(), resolved, java.util.List.of("nftgen.dcgan"), java.util.Set.of(), runtime.hadoop())) {
      long total = DatasetReader.count(manifest);
      long trainCount = train.trainingImages(total);
      JavaPairRDD<Long, byte[]> records = conditions == null
          ? DatasetReader.images(runtime.session(), dataset, model.resolution(), 0, trainCount)
          : DatasetReader.imagesWithTraits(runtime.session(), dataset, model.resolution(), 0, trainCount)
              .mapValues(image -> TraitCondition.withClasses(image._1(), conditions.classes(image._2())));
      JavaRDD<byte[]> shards = Shards.of(records, train.workers());
      GanStep driverGan = DcganModels.newGan(model);
      GanState last = GanTraining.run(JOB, runtime, resolved, train, model, runDir, shards, driverGan,
          new DcganTrainer(model), driverGan::snapshot);
      ProgressLog.format("train-dcgan: done; %d training images, run folder %s", trainCount, runDir);
      return last;
    }
  }

  /**
   * The model with its flatness penalty where the collection is flat art, without it where it is
   * not (smooth art keeps its gradients): flat as generate's palette decides it, from the training images.
   */
  private static DcganSettings flatnessForCollection(DcganSettings model, SparkRuntime runtime, Path dataset, long trainCount) {
    PaletteSettings paletteSettings = PaletteSettings.from(runtime.config());
    CollectionPalette palette = CollectionPalette.ofDataset(runtime.session(), dataset, model.resolution(), trainCount,
        paletteSettings);
    ProgressLog.format("train-dcgan: nftgen.dcgan.flatness-collections = flat: the collection's %d most frequent colours "
        + "cover %.1f%% of its pixels: %s", palette.size(), 100 * palette.coverage(), palette.flat()
            ? "flat art, the flatness penalty applies"
            : "not flat (nftgen.denoise.palette.coverage = " + paletteSettings.coverage()
                + "), trained without the flatness penalty");
    return palette.flat() ? model : model.withFlatnessPenalty(0);
  }

  /**
   * The model with G's output on the collection's pixel grid where the training images are pixel art
   * on whole cells; unchanged for anything else (a fractional grid is left to generate's averaging).
   */
  private static DcganSettings gridForCollection(DcganSettings model, SparkRuntime runtime, Path dataset, long trainCount) {
    PixelGridSettings gridSettings = PixelGridSettings.from(runtime.config());
    PixelGrid grid = PixelGrid.ofDataset(runtime.session(), dataset, model.resolution(), trainCount, gridSettings);
    int factor = grid.wholeFactor(model.resolution());
    ProgressLog.format("train-dcgan: nftgen.dcgan.pixel-grid = auto: %s", factor > 0
        ? "pixel art on " + grid.cells() + " x " + grid.cells() + " cells of " + factor + " px: G paints on them"
        : grid.found() ? "pixel art on " + grid.cells() + " cells, not whole pixels at " + model.resolution()
            + " px: G is not constrained (generate averages onto the grid)"
        : String.format("not pixel art on a grid (the best fits %.1f%% of the pixels)", 100 * grid.share()));
    return factor > 0 ? model.withGridFactor(factor) : model;
  }

  /** The traits a conditional model is conditioned on: the dataset's, less types that say nothing or too much. */
  private static TraitLabels conditions(TraitLabels labels, Path dataset, int maxValues) {
    if (labels.types().isEmpty()) {
      throw new SettingsException("nftgen.dcgan.conditional = true, but dataset " + dataset
          + " has no trait type to condition on" + (labels.skipped().isEmpty()
              ? " (prepare found no metadata; see nftgen.prepare.metadata)"
              : ": " + labels.skipped() + " (nftgen.dcgan.condition-max-values = " + maxValues + ")"));
    }
    if (!labels.skipped().isEmpty()) {
      ProgressLog.line("train-dcgan: not conditioned on " + labels.skipped());
    }
    ProgressLog.format("train-dcgan: conditioned on %d trait types, %d values: %s", labels.types().size(),
        TraitCondition.width(labels), labels.types());
    return labels;
  }
}
