package org.nftgen.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.hadoop.fs.Path;
import org.nftgen.config.SettingsReader;
import org.nftgen.data.PrepareSettings;
import org.nftgen.data.PreparedDataset;
import org.nftgen.generate.BatchLayout;
import org.nftgen.generate.ContactSheet;
import org.nftgen.io.HadoopFiles;
import org.nftgen.io.ProgressLog;
import org.nftgen.run.CheckpointStore;
import org.nftgen.run.StageCheck;
import org.nftgen.run.StageRecord;
import org.nftgen.synth.CollectionWriter;
import org.nftgen.synth.SynthSettings;

/**
 * {@code pipeline}: the whole system end to end on one work folder, with every stage's own
 * settings: synth (the embedded collection) -> prepare -> train-dcgan (the pipeline's recipe for
 * {@code train-minutes}) -> train-srgan 2x and 4x (short) -> generate (one batch to local storage,
 * each larger size from its own SRGAN) -> a contact sheet of the batch. A stage whose output is
 * already complete is reused, so the pipeline can be re-run after an interruption (an interrupted
 * DCGAN stage resumes from its newest checkpoint for another train-minutes);
 * {@code nftgen.pipeline.until} stops after an earlier stage.
 */
public final class PipelineJob {
  static final JobCli CLI = JobCli.of("pipeline", "Runs every stage end to end in one work folder.")
      .flag("--output", "nftgen.pipeline.workdir", "the work folder holding every stage's output")
      .flag("--until", "nftgen.pipeline.until", "the last stage to run: synth, prepare, train-dcgan, train-srgan or generate");

  /** The stages in order; {@code until} names one of them. */
  static final List<String> STAGES = List.of("synth", "prepare", "train-dcgan", "train-srgan", "generate");

  /** The pipeline's own settings. */
  public record Settings(String workdir, String until, long trainRounds, double trainMinutes, long srganRounds,
      long generateCount, String batchId) {
    static Settings from(Config config) {
      SettingsReader r = new SettingsReader(config, "nftgen.pipeline");
      return new Settings(r.requiredString("workdir", "pass --output URI of the work folder"),
          r.choice("until", STAGES.toArray(new String[0])), r.longValue("train-rounds", 1, 1_000_000),
          r.doubleValue("train-minutes", 0, 1e6),
          r.longValue("srgan-rounds", 1, 1_000_000),
          r.longValue("generate-count", 1, 1_000_000),
          BatchLayout.validateBatchId(r.string("batch-id"), r.key("batch-id")));
    }
  }

  /**
   * One stage: its id (its record's name), the job it runs, where its output goes and when it is
   * complete, the config it runs with, the config sections that decide its output, and the stages
   * it is made from.
   */
  private record Stage(String id, String name, Path output, Function<SparkRuntime, Boolean> complete, Config config,
      List<String> sections, List<String> inputs, Consumer<Config> run) {}

  /** Where the pipeline put the stages' inputs and outputs: not part of what a stage is. */
  private static final Set<String> WIRING = Set.of("nftgen.synth.output", "nftgen.prepare.input",
      "nftgen.prepare.output", "nftgen.train.input", "nftgen.train.output", "nftgen.train.resume",
      "nftgen.train.overwrite", "nftgen.generate.generator", "nftgen.generate.upscaler", "nftgen.generate.output");

  private PipelineJob() {}

  public static void main(String[] args) {
    JobMain.execute(CLI, args, Settings::from, PipelineJob::run);
  }

  /**
   * A short SRGAN of one factor into {@code runDir}: both phases, with {@code nftgen.pipeline.srgan}
   * over {@code nftgen.srgan}; the run is complete once it has a checkpoint of its last round.
   */
  private static Stage srganStage(int factor, Path runDir, Config staged, Settings settings, SparkRuntime runtime) {
    // The pipeline's own, smaller SRGAN settings (nftgen.pipeline.srgan) over nftgen.srgan.
    Config srgan = staged.getConfig("nftgen.pipeline.srgan").atPath("nftgen.srgan").withFallback(staged)
        .withValue("nftgen.train.output", ConfigValueFactory.fromAnyRef(runDir.toString()))
        .withValue("nftgen.train.rounds", ConfigValueFactory.fromAnyRef(settings.srganRounds()))
        .withValue("nftgen.srgan.factor", ConfigValueFactory.fromAnyRef(factor));
    return new Stage("train-srgan-x" + factor, "train-srgan", runDir,
        r -> new CheckpointStore(runDir, r.hadoop()).latest().map(c -> c.round() >= settings.srganRounds())
            .orElse(false),
        srgan, List.of("nftgen.srgan", "nftgen.train"), List.of("prepare"),
        c -> {
          Config resumable = resumable(c, runDir, runtime);
          TrainSrganJob.run(TrainSrganJob.Settings.from(resumable), resumable);
        });
  }

  /**
   * A training stage's config: a run cut short earlier continues from its newest checkpoint; one
   * that crashed before its first checkpoint starts again.
   */
  private static Config resumable(Config staged, Path runDir, SparkRuntime runtime) {
    boolean resume = new CheckpointStore(runDir, runtime.hadoop()).latest().isPresent();
    return staged.withValue("nftgen.train.resume", ConfigValueFactory.fromAnyRef(resume))
        .withValue("nftgen.train.overwrite", ConfigValueFactory.fromAnyRef(!resume));
  }

  /** The stages to run: all up to the last one named {@code until}. */
  private static List<Stage> upTo(List<Stage> all, String until) {
    int last = -1;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).name().equals(until)) {
        last = i;
      }
    }
    return all.subList(0, last + 1);
  }

  public static void run(Settings settings, Config config) {
    SparkRuntime runtime = SparkRuntime.start("pipeline", config);
    Path workdir = runtime.qualify(settings.workdir());
    Path collection = new Path(workdir, "collection");
    Path dataset = new Path(workdir, "dataset");
    Path dcgan = new Path(workdir, "dcgan");
    Path srganX2 = new Path(workdir, "srgan-x2");
    Path srganX4 = new Path(workdir, "srgan-x4");
    Path batches = new Path(workdir, "batches");
    Path batch = BatchLayout.batchDir(batches, settings.batchId());
    // The pipeline's own record of a finished time-budgeted stage, outside the stage's run folder.
    Path dcganDone = new Path(new Path(workdir, ".stages"), "train-dcgan.done");
    Config staged = config
        .withValue("nftgen.synth.output", ConfigValueFactory.fromAnyRef(collection.toString()))
        .withValue("nftgen.prepare.input", ConfigValueFactory.fromAnyRef(collection.toString()))
        .withValue("nftgen.prepare.output", ConfigValueFactory.fromAnyRef(dataset.toString()))
        .withValue("nftgen.train.input", ConfigValueFactory.fromAnyRef(dataset.toString()))
        .withValue("nftgen.train.output", ConfigValueFactory.fromAnyRef(dcgan.toString()))
        .withValue("nftgen.train.rounds", ConfigValueFactory.fromAnyRef(settings.trainRounds()))
        .withValue("nftgen.generate.generator", ConfigValueFactory.fromAnyRef(dcgan.toString()))
        .withValue("nftgen.generate.upscaler", ConfigValueFactory.fromAnyRef(srganX2 + "," + srganX4))
        .withValue("nftgen.generate.batch-id", ConfigValueFactory.fromAnyRef(settings.batchId()))
        .withValue("nftgen.generate.count", ConfigValueFactory.fromAnyRef(settings.generateCount()))
        .withValue("nftgen.generate.output", ConfigValueFactory.fromAnyRef(batches.toString()));

    // The pipeline's DCGAN recipe (nftgen.pipeline.dcgan and .train) over nftgen.dcgan and
    // nftgen.train, for train-minutes or train-rounds, whichever ends first.
    Config recipe = staged.getConfig("nftgen.pipeline.dcgan").atPath("nftgen.dcgan")
        .withFallback(staged.getConfig("nftgen.pipeline.train").atPath("nftgen.train"))
        .withFallback(staged)
        .withValue("nftgen.train.max-minutes", ConfigValueFactory.fromAnyRef(settings.trainMinutes()));
    List<Stage> all = List.of(
        new Stage("synth", "synth", collection,
            r -> HadoopFiles.exists(new Path(collection, CollectionWriter.COLLECTION_MANIFEST), r.hadoop()),
            staged, List.of("nftgen.synth"), List.of(), c -> SynthJob.run(SynthSettings.from(c), c)),
        new Stage("prepare", "prepare", dataset,
            r -> HadoopFiles.exists(new Path(dataset, PreparedDataset.MANIFEST), r.hadoop()),
            staged, List.of("nftgen.prepare"), List.of("synth"), c -> PrepareJob.run(PrepareSettings.from(c), c)),
        new Stage("train-dcgan", "train-dcgan", dcgan,
            // Finished only with its marker and a checkpoint: a deleted run folder is trained again.
            r -> HadoopFiles.exists(dcganDone, r.hadoop())
                && new CheckpointStore(dcgan, r.hadoop()).latest().isPresent(),
            recipe, List.of("nftgen.dcgan", "nftgen.train"), List.of("prepare"),
            c -> {
              // Done again only when this run finishes it: a marker left from an earlier run would
              // pass an interrupted retraining off as complete.
              HadoopFiles.deleteRecursively(dcganDone, runtime.hadoop());
              Config train = resumable(c, dcgan, runtime);
              TrainDcganJob.run(TrainDcganJob.Settings.from(train), train);
              HadoopFiles.writeString(dcganDone, "{\"stage\": \"train-dcgan\"}\n", runtime.hadoop());
            }),
        srganStage(2, srganX2, staged, settings, runtime),
        srganStage(4, srganX4, staged, settings, runtime),
        new Stage("generate-" + settings.batchId(), "generate", batch,
            r -> HadoopFiles.exists(new Path(batch, BatchLayout.MARKER), r.hadoop()),
            staged, List.of("nftgen.generate", "nftgen.denoise"),
            List.of("train-dcgan", "train-srgan-x2", "train-srgan-x4"),
            c -> GenerateJob.run(org.nftgen.generate.GenerateSettings.from(c), c)));
    List<Stage> stages = upTo(all, settings.until());

    // Every existing output is checked against what its stage would be run with now, before any
    // stage runs: a changed recipe must not be served by the old model, nor overwrite it.
    Path records = dcganDone.getParent();
    Map<String, String> fingerprints = new HashMap<>();
    Map<String, StageRecord> recordOf = new HashMap<>();
    List<StageCheck.Planned> planned = new ArrayList<>();
    for (Stage stage : stages) {
      Map<String, String> inputs = new TreeMap<>();
      stage.inputs().forEach(i -> inputs.put(i, fingerprints.get(i)));
      StageRecord record = StageRecord.of(stage.config(), stage.sections(), WIRING, inputs);
      fingerprints.put(stage.id(), record.fingerprint());
      recordOf.put(stage.id(), record);
      // A training run counts as made once it has a checkpoint (before that it starts afresh).
      boolean made = stage.name().startsWith("train-")
          ? new CheckpointStore(stage.output(), runtime.hadoop()).latest().isPresent()
          : HadoopFiles.exists(stage.output(), runtime.hadoop());
      planned.add(new StageCheck.Planned(stage.id(), stage.output(), record, made));
    }
    for (String id : StageCheck.verify(records, planned, runtime.hadoop())) {
      ProgressLog.line("pipeline: " + id + " has no record of the settings it was made with (an older nftgen"
          + " made it): its output is used unchecked");
    }

    StringBuilder summary = new StringBuilder("pipeline: done.");
    for (Stage stage : stages) {
      if (stage.complete().apply(runtime)) {
        ProgressLog.line("pipeline: reusing the complete " + stage.name() + " output at " + stage.output());
      } else {
        ProgressLog.line("pipeline: running " + stage.name() + " -> " + stage.output());
        // Recorded before it runs, so that an interrupted stage resumes only with the same settings.
        recordOf.get(stage.id()).write(StageCheck.recordPath(records, stage.id()), runtime.hadoop());
        stage.run().accept(stage.config());
      }
      summary.append(String.format("%n  %-12s %s", stage.name(), stage.output()));
    }
    if (STAGES.indexOf(settings.until()) >= STAGES.indexOf("generate")) {
      Path sheet = ContactSheet.write(batch, new Path(workdir, ContactSheet.NAME), runtime.hadoop());
      summary.append(String.format("%n  images       %s/{side}/<i>.png%n  manifest     %s%n  contact sheet %s", batch,
          new Path(batch, BatchLayout.MANIFEST), sheet));
    }
    ProgressLog.line(summary.toString());
  }
}
