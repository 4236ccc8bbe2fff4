package org.nftgen.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.nftgen.averaging.Shards;
import org.nftgen.averaging.TrainSettings;
import org.nftgen.blend.BlendTrainer;
import org.nftgen.blend.LayerSwap;
import org.nftgen.blend.LayerSwapSettings;
import org.nftgen.data.DatasetReader;
import org.nftgen.dcgan.DcganModels;
import org.nftgen.dcgan.DcganSettings;
import org.nftgen.dcgan.DcganTrainer;
import org.nftgen.dcgan.SampleGrid;
import org.nftgen.gan.GanState;
import org.nftgen.gan.GanStep;
import org.nftgen.io.Json;
import org.nftgen.io.ProgressLog;
import org.nftgen.run.CheckpointStore;
import org.nftgen.run.JobNames;
import org.nftgen.run.StateCodec;
import org.nftgen.run.TrainedRun;
import org.nftgen.run.VerifiedCheckpoint;

/**
 * {@code train-blend --method layer-swap}: a DCGAN trained on A (or the one {@code parent-a} names)
 * in {@code parent-a/}, a copy of it fine-tuned on B with the usual single-discriminator loop in
 * {@code parent-b/} (or the one {@code parent-b} names: then nothing is trained, and another schedule
 * is tried in seconds), each a {@code train-dcgan} run folder that {@code generate} and
 * {@code evaluate} open like any other), then the blend: one checkpoint in the run folder whose
 * generator takes each resolution stage from the parents per the schedule ({@link LayerSwap}),
 * with A's and B's discriminators, so that it opens like a {@code train-blend} run.
 */
final class LayerSwapBlend {
  /** The checkpoint file that records the parents and the schedule. */
  static final String RECORD = "layer-swap.json";

  private LayerSwapBlend() {}

  /** One parent: its state and where it came from. */
  private record Parent(GanState state, VerifiedCheckpoint checkpoint) {
    ObjectNode describe(String collection) {
      ObjectNode o = Json.object();
      o.put("collection", collection);
      o.put("checkpoint", checkpoint.folder());
      o.put("round", checkpoint.round());
      o.put("stateSha256", checkpoint.sha256().get(CheckpointStore.STATE));
      return o;
    }
  }

  static GanState run(TrainBlendJob.Settings settings, SparkRuntime runtime, Path runDir) {
    TrainSettings train = settings.train();
    DcganSettings model = settings.model();
    LayerSwapSettings swap = settings.blend().layerSwap();
    List<LayerSwap.Stage> stages = LayerSwap.stages(model, swap.schedule());
    runtime.saveConfig(runDir);
    String inputA = runtime.qualify(train.input()).toString();
    String inputB = runtime.qualify(settings.blend().secondInput()).toString();
    boolean trainA = swap.parentA().isEmpty();
    double shareA = trainA ? swap.aShare() : 0;
    long roundsA = Math.max(1, Math.round(train.rounds() * shareA));
    Parent a = trainA
        ? train(runtime, settings, new Path(runDir, "parent-a"), inputA, roundsA, train.maxMinutes() * shareA, null)
        : open(runtime, runtime.qualify(swap.parentA()), model);
    Parent b = swap.parentB().isEmpty()
        ? train(runtime, settings, new Path(runDir, "parent-b"), inputB,
            Math.max(1, train.rounds() - (trainA ? roundsA : 0)), train.maxMinutes() * (1 - shareA), a.state())
        : open(runtime, runtime.qualify(swap.parentB()), model);
    GanState blend = LayerSwap.blend(a.state(), b.state(), stages);

    ObjectNode record = Json.object();
    record.put("method", "layer-swap");
    record.set("parentA", a.describe(inputA));
    record.set("parentB", b.describe(inputB));
    record.set("stages", LayerSwap.describe(stages));
    // Numbered by the rounds trained behind it (both given: B's, whose fine-tune continued A's count).
    long round = (trainA ? a.checkpoint().round() : 0) + b.checkpoint().round();
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(CheckpointStore.STATE, StateCodec.encode(blend));
    files.put(RECORD, Json.pretty(record).getBytes(StandardCharsets.UTF_8));
    new CheckpointStore(runDir, runtime.hadoop()).write(round, files);
    try (GanStep gan = BlendTrainer.create(model, settings.blend())) {
      gan.restore(blend);
      new SampleGrid(runDir, model, train.sampleGrid(), train.sampleCell(), runtime.hadoop()).write(gan, round);
    } catch (Exception e) {
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
    ProgressLog.format("train-blend: layer swap of %s (round %d) and its fine-tune on B (round %d), A's weight "
        + "per stage %s", a.checkpoint().folder(), a.checkpoint().round(), b.checkpoint().round(),
        stages.stream().map(s -> s.resolution() + " px " + s.weightOfA()).toList());
    return blend;
  }

  /**
   * One single-discriminator phase in {@code folder}, a {@code train-dcgan} run of its own on
   * {@code input} for the given budget, from {@code start} (null: a fresh DCGAN).
   */
  private static Parent train(SparkRuntime runtime, TrainBlendJob.Settings settings, Path folder, String input,
      long rounds, double minutes, GanState start) {
    Config phase = runtime.config()
        .withValue(org.nftgen.run.RunFolder.JOB_KEY, ConfigValueFactory.fromAnyRef(JobNames.TRAIN_DCGAN))
        .withValue("nftgen.train.input", ConfigValueFactory.fromAnyRef(input))
        .withValue("nftgen.train.output", ConfigValueFactory.fromAnyRef(folder.toString()))
        .withValue("nftgen.train.rounds", ConfigValueFactory.fromAnyRef(rounds))
        .withValue("nftgen.train.max-minutes", ConfigValueFactory.fromAnyRef(minutes))
        .withValue("nftgen.train.resume", ConfigValueFactory.fromAnyRef(false));
    TrainSettings train = TrainSettings.from(phase);
    DcganSettings model = settings.model();
    Path dataset = new Path(input);
    long trainCount = train.trainingImages(DatasetReader.count(DatasetReader.manifest(dataset, runtime.hadoop())));
    JavaRDD<byte[]> shards = Shards.of(
        DatasetReader.images(runtime.session(), dataset, model.resolution(), 0, trainCount), train.workers());
    ProgressLog.format("train-blend: %s on %s (%d training images), at most %d rounds%s, in %s",
        start == null ? "training the generator of A" : "fine-tuning A's generator", input, trainCount, rounds,
        minutes > 0 ? String.format(" or %.1f minutes", minutes) : "", folder);
    try (GanStep driver = DcganModels.newGan(model)) {
      GanState last = GanTraining.run(TrainBlendJob.JOB, runtime, phase, train, model, folder, shards, driver,
          new DcganTrainer(model), start == null ? driver::snapshot : () -> start);
      VerifiedCheckpoint written = TrainedRun.open(folder, runtime.hadoop(), List.of(JobNames.TRAIN_DCGAN)).checkpoint();
      return new Parent(last, written);
    } catch (Exception e) {
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
  }

  /** A given parent: a train-dcgan run or checkpoint with this run's model shape. */
  private static Parent open(SparkRuntime runtime, Path input, DcganSettings model) {
    TrainedRun run = TrainedRun.open(input, runtime.hadoop(), List.of(JobNames.TRAIN_DCGAN));
    GanState state = StateCodec.decode(run.checkpoint().file(CheckpointStore.STATE), GanState.class);
    try (GanStep check = DcganModels.newGan(model)) {
      GanState shape = check.snapshot();
      if (shape.generatorParams().length != state.generatorParams().length
          || shape.discriminatorParams().length != state.discriminatorParams().length
          || shape.generatorAverage().length != state.generatorAverage().length) {
        throw new org.nftgen.config.SettingsException("Parent " + input
            + " holds networks of another shape (generator " + state.generatorParams().length + " parameters, this "
            + "run's " + shape.generatorParams().length + "): train it with this run's nftgen.dcgan settings");
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    ProgressLog.format("train-blend: parent %s (round %d)", run.checkpoint().folder(),
        run.checkpoint().round());
    return new Parent(state, run.checkpoint());
  }
}
