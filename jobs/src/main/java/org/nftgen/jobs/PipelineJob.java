package org.nftgen.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import org.apache.hadoop.fs.Path;
import org.nftgen.config.SettingsReader;
import org.nftgen.data.PrepareSettings;
import org.nftgen.data.PreparedDataset;
import org.nftgen.io.HadoopFiles;
import org.nftgen.synth.CollectionWriter;
import org.nftgen.synth.SynthSettings;

/**
 * {@code pipeline}: the whole system end to end on one work folder, with every stage's own
 * settings: synth (the embedded collection) -> prepare. A stage whose output is already complete
 * is reused, so the pipeline can be re-run after an interruption.
 */
public final class PipelineJob {
  static final JobCli CLI = JobCli.of("pipeline", "Runs every stage end to end in one work folder.")
      .flag("--output", "nftgen.pipeline.workdir", "the work folder holding every stage's output");

  /** The pipeline's own settings. */
  public record Settings(String workdir) {
    static Settings from(Config config) {
      return new Settings(new SettingsReader(config, "nftgen.pipeline")
          .requiredString("workdir", "pass --output URI of the work folder"));
    }
  }

  private PipelineJob() {}

  public static void main(String[] args) {
    JobMain.execute(CLI, args, Settings::from, PipelineJob::run);
  }

  public static void run(Settings settings, Config config) {
    SparkRuntime runtime = SparkRuntime.start("pipeline", config);
    Path workdir = runtime.qualify(settings.workdir());
    Path collection = new Path(workdir, "collection");
    Path dataset = new Path(workdir, "dataset");
    Config staged = config
        .withValue("nftgen.synth.output", ConfigValueFactory.fromAnyRef(collection.toString()))
        .withValue("nftgen.prepare.input", ConfigValueFactory.fromAnyRef(collection.toString()))
        .withValue("nftgen.prepare.output", ConfigValueFactory.fromAnyRef(dataset.toString()));

    if (complete(new Path(collection, CollectionWriter.COLLECTION_MANIFEST), runtime)) {
      System.out.println("pipeline: reusing the complete collection at " + collection);
    } else {
      SynthJob.run(SynthSettings.from(staged), staged);
    }
    if (complete(new Path(dataset, PreparedDataset.MANIFEST), runtime)) {
      System.out.println("pipeline: reusing the complete dataset at " + dataset);
    } else {
      PrepareJob.run(PrepareSettings.from(staged), staged);
    }
    System.out.println("pipeline: done. Collection: " + collection + "  Dataset: " + dataset
        + "  Manifest: " + new Path(dataset, PreparedDataset.MANIFEST));
  }

  private static boolean complete(Path marker, SparkRuntime runtime) {
    return HadoopFiles.exists(marker, runtime.hadoop());
  }
}
