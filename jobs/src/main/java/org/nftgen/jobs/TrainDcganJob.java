package org.nftgen.jobs;

import com.typesafe.config.Config;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.nftgen.averaging.Shards;
import org.nftgen.averaging.TrainSettings;
import org.nftgen.data.DatasetReader;
import org.nftgen.io.RunFolder;
import org.nftgen.model.DcganSettings;
import org.nftgen.train.DcganTrainer;
import org.nftgen.train.GanState;
import org.nftgen.train.GanStep;

/**
 * {@code train-dcgan}: trains the DCGAN on a prepared dataset by synchronous parameter averaging.
 * The run folder gets {@code config.conf}, {@code metrics.jsonl}, {@code checkpoints/},
 * {@code samples/} and {@code loss.png}; {@code --resume} continues from the newest complete
 * checkpoint and reproduces the uninterrupted run. The last share of the dataset (by index,
 * {@code nftgen.train.holdout-fraction}) is held out for evaluation.
 */
public final class TrainDcganJob {
  static final String JOB = "train-dcgan";
  static final JobCli CLI = JobCli.of(JOB, "Trains the DCGAN on Spark by parameter averaging.")
      .flag("--input", "nftgen.train.input", "the prepared dataset")
      .flag("--output", "nftgen.train.output", "the run folder")
      .flag("--rounds", "nftgen.train.rounds", "rounds to train")
      .flag("--workers", "nftgen.train.workers", "workers (dataset shards)")
      .toggle("--resume", "nftgen.train.resume", "continue from the newest complete checkpoint")
      .toggle("--overwrite", "nftgen.train.overwrite", "replace an existing run folder");

  /** The job's settings: the training schedule and the model. */
  public record Settings(TrainSettings train, DcganSettings model) {
    static Settings from(Config config) {
      return new Settings(TrainSettings.from(config), DcganSettings.from(config));
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
    RunFolder.open(runDir, train.resume(), train.overwrite(), runtime.hadoop());
    long total = DatasetReader.count(DatasetReader.manifest(dataset, runtime.hadoop()));
    long trainCount = train.trainingImages(total);
    JavaRDD<byte[]> shards = Shards.of(
        DatasetReader.images(runtime.session(), dataset, model.resolution(), 0, trainCount), train.workers());
    GanState last = GanTraining.run(JOB, runtime, train, model, runDir, shards, GanStep.create(model),
        new DcganTrainer(model));
    System.out.printf("train-dcgan: done; %d training images, run folder %s%n", trainCount, runDir);
    return last;
  }
}
