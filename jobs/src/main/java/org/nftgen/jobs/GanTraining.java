package org.nftgen.jobs;

import com.typesafe.config.Config;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.nftgen.averaging.AveragingLoop;
import org.nftgen.averaging.LocalTrainer;
import org.nftgen.averaging.TrainSettings;
import org.nftgen.averaging.TrainingRun;
import org.nftgen.dcgan.DcganSettings;
import org.nftgen.dcgan.SampleGrid;
import org.nftgen.gan.GanState;
import org.nftgen.gan.GanStep;
import org.nftgen.gan.TraitCondition;

/**
 * The driver side that every GAN training job shares once its shards are ready: the saved config,
 * the driver's own copy of the networks (the initial state and the sample grids), and the rounds of
 * parameter averaging with checkpoints, metrics and samples.
 */
final class GanTraining {
  private GanTraining() {}

  static GanState run(String job, SparkRuntime runtime, TrainSettings train, DcganSettings model, Path runDir,
      JavaRDD<byte[]> shards, GanStep driverGan, LocalTrainer<GanState> trainer) {
    return run(job, runtime, runtime.config(), train, model, runDir, shards, driverGan, trainer, driverGan::snapshot);
  }

  /**
   * The same with the config saved as the run's ({@code saved}: a phase of a job saves its own) and
   * the state a fresh run starts from ({@code initial}, e.g. another run's generator to fine-tune).
   */
  static GanState run(String job, SparkRuntime runtime, Config saved, TrainSettings train, DcganSettings model,
      Path runDir, JavaRDD<byte[]> shards, GanStep driverGan, LocalTrainer<GanState> trainer,
      Supplier<GanState> initial) {
    runtime.saveConfig(runDir, saved);
    SampleGrid samples = new SampleGrid(runDir, model, train.sampleGrid(), train.sampleCell(), runtime.hadoop());
    AveragingLoop<GanState> loop = new AveragingLoop<>(runtime.context(), trainer, train.localIterations());
    GanState last = new TrainingRun<>(job, train, runDir, runtime.hadoop(), loop, GanState.class)
        .withCheckpointFiles(model.conditional() ? Map.of(TraitCondition.FILE, model.conditions().toJson()) : Map.of())
        .run(shards, initial, (state, round) -> {
          driverGan.restore(state);
          samples.write(driverGan, round);
        });
    shards.unpersist();
    return last;
  }
}
