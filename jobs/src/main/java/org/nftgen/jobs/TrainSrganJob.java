package org.nftgen.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nftgen.averaging.AveragingLoop;
import org.nftgen.averaging.Shards;
import org.nftgen.averaging.TrainSettings;
import org.nftgen.averaging.TrainingRun;
import org.nftgen.data.DatasetReader;
import org.nftgen.image.RgbImage;
import org.nftgen.io.HadoopFiles;
import org.nftgen.io.Json;
import org.nftgen.io.ProgressLog;
import org.nftgen.run.JobFailedException;
import org.nftgen.run.RunFolder;
import org.nftgen.run.StateCodec;
import org.nftgen.run.WriterLease;
import org.nftgen.srgan.ContentPretraining;
import org.nftgen.srgan.PretrainedGenerator;
import org.nftgen.srgan.SrSamples;
import org.nftgen.srgan.SrganSettings;
import org.nftgen.srgan.SrganState;
import org.nftgen.srgan.SrganStep;
import org.nftgen.srgan.SrganTrainer;
import org.nftgen.srgan.Upscaler;
import scala.Tuple2;

/**
 * {@code train-srgan}: trains a 2x or 4x SRGAN ({@code nftgen.srgan.factor}) on a prepared dataset,
 * in two phases. Phase 1 fits the generator alone to the pixel loss with DL4J's own Spark trainer
 * ({@link ContentPretraining}); its parameters go to {@code pretrained/generator.bin} and its
 * per-epoch scores to {@code pretrain.jsonl}. Phase 2 trains generator and discriminator together
 * through the same parameter-averaging loop and run layout as {@code train-dcgan}
 * ({@code metrics.jsonl}, {@code checkpoints/}, {@code samples/} with LR | bicubic | SR | HR rows,
 * {@code loss.png}). {@code --resume} skips a completed phase 1 and continues phase 2 from its newest
 * checkpoint. The last share of the dataset (by index) is held out for evaluation.
 */
public final class TrainSrganJob {
  static final String JOB = org.nftgen.run.JobNames.TRAIN_SRGAN;
  static final JobCli CLI = JobCli.of(JOB, "Trains a 2x or 4x SRGAN on Spark: content pre-training, then adversarial.")
      .flag("--input", "nftgen.train.input", "the prepared dataset")
      .flag("--output", "nftgen.train.output", "the run folder")
      .flag("--factor", "nftgen.srgan.factor", "upscaling factor, 2 or 4")
      .flag("--rounds", "nftgen.train.rounds", "rounds of phase 2 (adversarial)")
      .flag("--workers", "nftgen.train.workers", "workers (dataset shards) of both phases")
      .toggle("--resume", "nftgen.train.resume", "continue from the newest complete checkpoint")
      .toggle("--overwrite", "nftgen.train.overwrite", "replace an existing run folder");

  /** The job's settings: the training schedule and the model. */
  public record Settings(TrainSettings train, SrganSettings model) {
    static Settings from(Config config) {
      return new Settings(TrainSettings.from(config), SrganSettings.from(config));
    }
  }

  private TrainSrganJob() {}

  public static void main(String[] args) {
    JobMain.execute(CLI, args, Settings::from, TrainSrganJob::run);
  }

  /** Trains both phases; returns the state after the last round of phase 2. */
  public static SrganState run(Settings settings, Config config) {
    TrainSettings train = settings.train();
    SrganSettings model = settings.model();
    // The saved config.conf names the job (SparkRuntime): evaluate and Upscaler dispatch on it.
    SparkRuntime runtime = SparkRuntime.start(JOB, config);
    Configuration conf = runtime.hadoop();
    Path runDir = runtime.qualify(train.output());
    Path dataset = runtime.qualify(train.input());
    // Held to the end of the run: one writer per run folder.
    try (WriterLease lease = RunFolder.open(runDir, train.resume(), train.overwrite(), runtime.config(), java.util.List.of("nftgen.srgan"), java.util.Set.of("nftgen.srgan.pretrain-minutes", "nftgen.srgan.pretrain-epochs"), conf)) {
      long total = DatasetReader.count(DatasetReader.manifest(dataset, conf));
      long trainCount = train.trainingImages(total);
      JavaRDD<byte[]> shards = Shards.of(
          DatasetReader.images(runtime.session(), dataset, model.hrResolution(), 0, trainCount), train.workers());
      runtime.saveConfig(runDir);
      SrSamples samples = new SrSamples(new Path(runDir, SrSamples.FOLDER), model, sampleImages(runtime, dataset, model, train, trainCount, total), conf);

      PretrainedGenerator pretrained = phaseOne(runtime, shards, train, model, runDir, samples);

      SrganStep driver = SrganStep.create(model); // the initial state of phase 2
      AveragingLoop<SrganState> loop = new AveragingLoop<>(runtime.context(), new SrganTrainer(model),
          train.localIterations());
      SrganState last = new TrainingRun<>(JOB, train, runDir, conf, loop, SrganState.class)
          .run(shards, () -> pretrained == null ? driver.snapshot() : driver.snapshot().withGenerator(
                  pretrained.params(), pretrained.updater(), pretrained.iterations()),
              (state, round) -> samples.write(Upscaler.of(model, state.generatorParams(), "round " + round), round));
      shards.unpersist();
      ProgressLog.format("%s: done; x%d, %d training images, run folder %s", JOB, model.factor(), trainCount, runDir);
      return last;
    }
  }

  /**
   * Phase 1, or its saved result when a resumed run already completed it; null when phase 1 is
   * switched off (pretrain-epochs = 0).
   */
  private static PretrainedGenerator phaseOne(SparkRuntime runtime, JavaRDD<byte[]> shards, TrainSettings train,
      SrganSettings model, Path runDir, SrSamples samples) {
    Configuration conf = runtime.hadoop();
    Path file = PretrainedGenerator.file(runDir);
    if (train.resume() && HadoopFiles.exists(file, conf)) {
      PretrainedGenerator done = StateCodec.decode(HadoopFiles.readAll(file, Long.MAX_VALUE, conf),
          PretrainedGenerator.class);
      ProgressLog.format("%s: phase 1 already done (%d epochs), resuming phase 2", JOB, done.epochs());
      return done;
    }
    if (model.pretrainEpochs() == 0) {
      return null;
    }
    ProgressLog.format("%s: phase 1, content pre-training with DL4J's SparkComputationGraph: up to %d epochs of %d "
        + "patch pairs", JOB, model.pretrainEpochs(), model.pretrainCropsPerEpoch());
    List<String> lines = new ArrayList<>();
    double[] lastScore = {Double.NaN};
    int[] epochs = {0};
    Path log = new Path(runDir, "pretrain.jsonl");
    ComputationGraph trained = ContentPretraining.run(runtime.context(), shards, train.workers(), model,
        ContentPretraining.newGenerator(model), e -> {
          ObjectNode line = Json.object().put("epoch", e.epoch()).put("loss/pixel_mse", e.pixelMse())
              .put("pairs", e.pairs()).put("timing/epoch", e.seconds()).put("pairs/s", e.pairs() / e.seconds());
          lines.add(line.toString());
          HadoopFiles.writeString(log, String.join("\n", lines) + "\n", conf);
          ProgressLog.format("%s: phase 1 epoch %d/%d  pixel MSE %.5f  %.1f pairs/s", JOB, e.epoch(),
              model.pretrainEpochs(), e.pixelMse(), e.pairs() / e.seconds());
          lastScore[0] = e.pixelMse();
          epochs[0] = e.epoch();
        });
    if (!Double.isFinite(lastScore[0])) {
      throw new JobFailedException("Phase 1 diverged: pixel MSE " + lastScore[0] + " after epoch " + epochs[0]);
    }
    PretrainedGenerator result = new PretrainedGenerator(trained.params().toFloatVector(),
        trained.getUpdater().getStateViewArray().toFloatVector(), trained.getIterationCount(), epochs[0], lastScore[0]);
    HadoopFiles.writeAtomically(file, StateCodec.encode(result), conf);
    samples.write(Upscaler.of(model, result.params(), "phase 1"), "pretrained.png");
    return result;
  }

  /** Up to sample-grid fixed images for the sample sheets: held-out ones when the run holds any out. */
  private static List<RgbImage> sampleImages(SparkRuntime runtime, Path dataset, SrganSettings model,
      TrainSettings train, long trainCount, long total) {
    long from = trainCount < total ? trainCount : 0;
    List<Tuple2<Long, byte[]>> rows = new ArrayList<>(DatasetReader.images(runtime.session(), dataset,
        model.hrResolution(), from, from + train.sampleGrid()).collect());
    rows.sort(Comparator.comparing(Tuple2::_1));
    List<RgbImage> images = new ArrayList<>();
    for (Tuple2<Long, byte[]> row : rows) {
      images.add(new RgbImage(model.hrResolution(), model.hrResolution(), row._2()));
    }
    return images;
  }
}
