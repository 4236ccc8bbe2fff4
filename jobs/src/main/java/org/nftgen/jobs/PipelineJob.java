package org.nftgen.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.util.List;
import java.util.function.Function;
import org.apache.hadoop.fs.Path;
import org.nftgen.checkpoint.CheckpointStore;
import org.nftgen.config.SettingsReader;
import org.nftgen.data.PrepareSettings;
import org.nftgen.data.PreparedDataset;
import org.nftgen.generate.BatchLayout;
import org.nftgen.io.HadoopFiles;
import org.nftgen.synth.CollectionWriter;
import org.nftgen.synth.SynthSettings;

/**
 * {@code pipeline}: the whole system end to end on one work folder, with every stage's own
 * settings: synth (the embedded collection) -> prepare -> train-dcgan (short) -> generate (one
 * batch to local storage). A stage whose output is already complete is reused, so the pipeline
 * can be re-run after an interruption; {@code nftgen.pipeline.until} stops after an earlier stage.
 */
public final class PipelineJob {
  static final JobCli CLI = JobCli.of("pipeline", "Runs every stage end to end in one work folder.")
      .flag("--output", "nftgen.pipeline.workdir", "the work folder holding every stage's output")
      .flag("--until", "nftgen.pipeline.until", "the last stage to run: synth, prepare, train-dcgan or generate");

  /** The stages in order; {@code until} names one of them. */
  static final List<String> STAGES = List.of("synth", "prepare", "train-dcgan", "generate");

  /** The pipeline's own settings. */
  public record Settings(String workdir, String until, long trainRounds, long generateCount, String batchId) {
    static Settings from(Config config) {
      SettingsReader r = new SettingsReader(config, "nftgen.pipeline");
      return new Settings(r.requiredString("workdir", "pass --output URI of the work folder"),
          r.choice("until", STAGES.toArray(new String[0])), r.longValue("train-rounds", 1, 1_000_000),
          r.longValue("generate-count", 1, 1_000_000),
          BatchLayout.validateBatchId(r.string("batch-id"), r.key("batch-id")));
    }
  }

  /** One stage: where its output is complete, and how to run it on the staged configuration. */
  private record Stage(String name, Path output, Function<SparkRuntime, Boolean> complete, Runnable run) {}

  private PipelineJob() {}

  public static void main(String[] args) {
    JobMain.execute(CLI, args, Settings::from, PipelineJob::run);
  }

  public static void run(Settings settings, Config config) {
    SparkRuntime runtime = SparkRuntime.start("pipeline", config);
    Path workdir = runtime.qualify(settings.workdir());
    Path collection = new Path(workdir, "collection");
    Path dataset = new Path(workdir, "dataset");
    Path dcgan = new Path(workdir, "dcgan");
    Path batches = new Path(workdir, "batches");
    Path batch = BatchLayout.batchDir(batches, settings.batchId());
    Config staged = config
        .withValue("nftgen.synth.output", ConfigValueFactory.fromAnyRef(collection.toString()))
        .withValue("nftgen.prepare.input", ConfigValueFactory.fromAnyRef(collection.toString()))
        .withValue("nftgen.prepare.output", ConfigValueFactory.fromAnyRef(dataset.toString()))
        .withValue("nftgen.train.input", ConfigValueFactory.fromAnyRef(dataset.toString()))
        .withValue("nftgen.train.output", ConfigValueFactory.fromAnyRef(dcgan.toString()))
        .withValue("nftgen.train.rounds", ConfigValueFactory.fromAnyRef(settings.trainRounds()))
        .withValue("nftgen.generate.generator", ConfigValueFactory.fromAnyRef(dcgan.toString()))
        .withValue("nftgen.generate.batch-id", ConfigValueFactory.fromAnyRef(settings.batchId()))
        .withValue("nftgen.generate.count", ConfigValueFactory.fromAnyRef(settings.generateCount()))
        .withValue("nftgen.generate.output", ConfigValueFactory.fromAnyRef(batches.toString()));

    // A trained upscaler (the SRGAN) slots in as a stage between train-dcgan and generate that
    // trains into <workdir>/srgan and sets nftgen.generate.upscaler to it; until then generate
    // enlarges with its bicubic fallback and says so in the manifest.
    List<Stage> stages = List.of(
        new Stage("synth", collection,
            r -> HadoopFiles.exists(new Path(collection, CollectionWriter.COLLECTION_MANIFEST), r.hadoop()),
            () -> SynthJob.run(SynthSettings.from(staged), staged)),
        new Stage("prepare", dataset,
            r -> HadoopFiles.exists(new Path(dataset, PreparedDataset.MANIFEST), r.hadoop()),
            () -> PrepareJob.run(PrepareSettings.from(staged), staged)),
        new Stage("train-dcgan", dcgan,
            r -> new CheckpointStore(dcgan, r.hadoop()).latest().map(c -> c.round() >= settings.trainRounds())
                .orElse(false),
            () -> {
              // A run cut short earlier continues from its newest checkpoint; one that crashed
              // before its first checkpoint starts again.
              boolean resume = new CheckpointStore(dcgan, runtime.hadoop()).latest().isPresent();
              Config train = staged.withValue("nftgen.train.resume", ConfigValueFactory.fromAnyRef(resume))
                  .withValue("nftgen.train.overwrite", ConfigValueFactory.fromAnyRef(!resume));
              TrainDcganJob.run(TrainDcganJob.Settings.from(train), train);
            }),
        new Stage("generate", batch,
            r -> HadoopFiles.exists(new Path(batch, BatchLayout.MARKER), r.hadoop()),
            () -> GenerateJob.run(GenerateJob.Settings.from(staged), staged)));

    StringBuilder summary = new StringBuilder("pipeline: done.");
    for (Stage stage : stages) {
      if (stage.complete().apply(runtime)) {
        System.out.println("pipeline: reusing the complete " + stage.name() + " output at " + stage.output());
      } else {
        System.out.println("pipeline: running " + stage.name() + " -> " + stage.output());
        stage.run().run();
      }
      summary.append(String.format("%n  %-12s %s", stage.name(), stage.output()));
      if (stage.name().equals(settings.until())) {
        break;
      }
    }
    if (STAGES.indexOf(settings.until()) >= STAGES.indexOf("generate")) {
      summary.append(String.format("%n  images       %s/{side}/<i>.png%n  manifest     %s", batch,
          new Path(batch, BatchLayout.MANIFEST)));
    }
    System.out.println(summary);
  }
}
