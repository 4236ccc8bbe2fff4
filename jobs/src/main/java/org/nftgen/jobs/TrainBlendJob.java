package org.nftgen.jobs;

import com.typesafe.config.Config;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.nftgen.averaging.Shards;
import org.nftgen.averaging.TrainSettings;
import org.nftgen.blend.BlendSettings;
import org.nftgen.blend.BlendTrainer;
import org.nftgen.blend.LayerSwap;
import org.nftgen.blend.ParentState;
import org.nftgen.data.CollectionTag;
import org.nftgen.data.DatasetReader;
import org.nftgen.dcgan.DcganSettings;
import org.nftgen.gan.GanState;
import org.nftgen.gan.GanStep;
import org.nftgen.io.ProgressLog;
import org.nftgen.run.RunFolder;
import org.nftgen.run.TrainedRun;
import org.nftgen.run.WriterLease;

/**
 * {@code train-blend}: one generator against two discriminators, D1 on collection A
 * ({@code --input}) and D2 on collection B ({@code --input2}), trained by the same parameter
 * averaging, checkpoints, metrics and samples as {@code train-dcgan}. Each collection holds out its
 * own last share for evaluation; every worker's shard has training images of both. With
 * {@code --method layer-swap} the blend is made from two single-discriminator runs instead
 * ({@link LayerSwapBlend}).
 */
public final class TrainBlendJob {
  static final String JOB = org.nftgen.run.JobNames.TRAIN_BLEND;
  static final JobCli CLI = JobCli.of(JOB, "Blends two collections: one generator against two discriminators, "
      + "or a layer swap of two generators.")
      .flag("--input", "nftgen.train.input", "the first prepared dataset (collection A)")
      .flag("--input2", "nftgen.blend.second-input", "the second prepared dataset (collection B)")
      .flag("--output", "nftgen.train.output", "the run folder")
      .flag("--method", "nftgen.blend.method", "two-discriminators (the default) or layer-swap")
      .flag("--rounds", "nftgen.train.rounds", "rounds to train")
      .flag("--workers", "nftgen.train.workers", "workers (dataset shards)")
      .toggle("--resume", "nftgen.train.resume", "continue from the newest complete checkpoint")
      .toggle("--overwrite", "nftgen.train.overwrite", "replace an existing run folder");

  /** The job's settings: the training schedule, the networks and the blend. */
  public record Settings(TrainSettings train, DcganSettings model, BlendSettings blend) {
    public Settings {
      if (model.conditional()) {
        throw new org.nftgen.config.SettingsException("train-blend does not condition on traits: set "
            + "nftgen.dcgan.conditional = false (two collections have two different trait vocabularies)");
      }
      if (blend.method() == BlendSettings.Method.LAYER_SWAP) {
        LayerSwap.weights(model, blend.layerSwap()); // a schedule of the wrong length fails here
        if (train.resume()) {
          throw new org.nftgen.config.SettingsException("train-blend --method layer-swap does not resume: start "
              + "again in another --output with nftgen.blend.layer-swap.parent-a set to the earlier run's "
              + "parent-a/ to keep its generator of A");
        }
        if (blend.layerSwap().parentA().isEmpty() && train.rounds() < 2) {
          throw new org.nftgen.config.SettingsException("Setting 'nftgen.train.rounds' = " + train.rounds()
              + ": a layer swap that trains A first needs at least 2 rounds, one on A and one on B");
        }
      }
    }

    static Settings from(Config config) {
      return new Settings(TrainSettings.from(config), DcganSettings.from(config), BlendSettings.from(config));
    }
  }

  private TrainBlendJob() {}

  public static void main(String[] args) {
    JobMain.execute(CLI, args, Settings::from, TrainBlendJob::run);
  }

  /** Trains; returns the state after the last round. */
  public static GanState run(Settings settings, Config config) {
    TrainSettings train = settings.train();
    // A blend is never conditional (see Settings): conditional = auto is saved as the false it is.
    SparkRuntime runtime = SparkRuntime.start(JOB,
        config.withValue("nftgen.dcgan.conditional", com.typesafe.config.ConfigValueFactory.fromAnyRef(false)));
    Path runDir = runtime.qualify(train.output());
    if (settings.blend().method() == BlendSettings.Method.LAYER_SWAP) {
      // Given parents are read before the run folder is touched: one that does not fit fails with nothing written.
      LayerSwapBlend.Given given = LayerSwapBlend.given(settings, runtime, runDir);
      try (WriterLease lease = openRunFolder(runtime, train, runDir)) {
        return LayerSwapBlend.run(settings, runtime, runDir, given);
      }
    }
    try (GanStep driver = BlendTrainer.create(settings.model(), settings.blend())) {
      // Read before the run folder is touched, likewise.
      GanState start = settings.blend().startFrom().isEmpty() ? driver.snapshot()
          : ParentState.read(TrainedRun.open(runtime.qualify(settings.blend().startFrom()), runtime.hadoop(),
              java.util.List.of(JOB)), driver.snapshot(), "nftgen.blend.start-from");
      try (WriterLease lease = openRunFolder(runtime, train, runDir)) {
        return twoDiscriminators(settings, runtime, runDir, driver, start);
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The writer's lease on the run folder, held to the end of the run: one writer per run folder. */
  private static WriterLease openRunFolder(SparkRuntime runtime, TrainSettings train, Path runDir) {
    return RunFolder.open(runDir, train.resume(), train.overwrite(), runtime.config(),
        java.util.List.of("nftgen.dcgan", "nftgen.blend"),
        java.util.Set.of("nftgen.blend.second-input", "nftgen.blend.start-from"), runtime.hadoop());
  }

  /** The seed's method: one generator against a discriminator per collection, from {@code start}. */
  private static GanState twoDiscriminators(Settings settings, SparkRuntime runtime, Path runDir, GanStep driver,
      GanState start) {
    TrainSettings train = settings.train();
    DcganSettings model = settings.model();
    Path[] datasets = {runtime.qualify(train.input()), runtime.qualify(settings.blend().secondInput())};
    JavaPairRDD<Long, byte[]> tagged = null;
    long offset = 0;
    long[] trainCounts = new long[datasets.length];
    for (int k = 0; k < datasets.length; k++) {
      long total = DatasetReader.count(DatasetReader.manifest(datasets[k], runtime.hadoop()));
      trainCounts[k] = train.trainingImages(total);
      int collection = k;
      long shift = offset;
      // Indices of B follow A's, so that image i of the union goes to worker i mod workers.
      JavaPairRDD<Long, byte[]> images = DatasetReader.images(runtime.session(), datasets[k], model.resolution(), 0,
          trainCounts[k]).mapToPair(t -> new scala.Tuple2<>(t._1() + shift, CollectionTag.tag(collection, t._2())));
      tagged = tagged == null ? images : tagged.union(images);
      offset += trainCounts[k];
    }
    JavaRDD<byte[]> shards = Shards.of(tagged, train.workers());
    GanState last = GanTraining.run(JOB, runtime, runtime.config(), train, model, runDir, shards, driver,
        new BlendTrainer(model, settings.blend()), () -> start);
    ProgressLog.format("train-blend: done; %d + %d training images, generator loss %s, run folder %s",
        trainCounts[0], trainCounts[1], settings.blend().generatorLoss(), runDir);
    return last;
  }
}
