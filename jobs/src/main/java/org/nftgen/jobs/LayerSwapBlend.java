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
import org.nftgen.blend.ParentState;
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

  /** One parent: its state, where it came from and the dataset it was trained on. */
  private record Parent(GanState state, VerifiedCheckpoint checkpoint, String collection) {
    ObjectNode describe() {
      ObjectNode o = Json.object();
      o.put("collection", collection);
      o.put("checkpoint", checkpoint.folder());
      o.put("round", checkpoint.round());
      o.put("stateSha256", checkpoint.sha256().get(CheckpointStore.STATE));
      return o;
    }
  }

  /** The parents named by the settings (null where one is to be trained), read before the run folder is opened. */
  record Given(Parent a, Parent b) {}

  /**
   * Reads and checks {@code parent-a} and {@code parent-b} where set: a {@code train-dcgan} run of
   * this run's model shape, outside the run folder (which {@code --overwrite} empties).
   */
  static Given given(TrainBlendJob.Settings settings, SparkRuntime runtime, Path runDir) {
    LayerSwapSettings swap = settings.blend().layerSwap();
    if (swap.parentA().isEmpty()) {
      return new Given(null, null);
    }
    try (GanStep shape = DcganModels.newGan(settings.model())) {
      GanState expected = shape.snapshot();
      return new Given(open(runtime, "parent-a", swap.parentA(), expected, runDir),
          open(runtime, "parent-b", swap.parentB(), expected, runDir));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static GanState run(TrainBlendJob.Settings settings, SparkRuntime runtime, Path runDir, Given given) {
    TrainSettings train = settings.train();
    DcganSettings model = settings.model();
    LayerSwapSettings swap = settings.blend().layerSwap();
    List<LayerSwap.Stage> stages = LayerSwap.stages(model, swap);
    runtime.saveConfig(runDir);
    String inputA = runtime.qualify(train.input()).toString();
    String inputB = runtime.qualify(settings.blend().secondInput()).toString();
    // The budget: A's share of the rounds and minutes when A is trained here, the rest for B; at least one round each.
    double shareA = given.a() == null ? swap.aShare() : 0;
    long roundsA = given.a() == null ? Math.max(1, Math.min(train.rounds() - 1, Math.round(train.rounds() * shareA))) : 0;
    Parent a = given.a() != null ? given.a()
        : train(runtime, settings, new Path(runDir, "parent-a"), inputA, roundsA, train.maxMinutes() * shareA, null);
    Parent b = given.b() != null ? given.b()
        : train(runtime, settings, new Path(runDir, "parent-b"), inputB, train.rounds() - roundsA,
            train.maxMinutes() * (1 - shareA), LayerSwap.fineTuningStart(a.state()));
    GanState blend = LayerSwap.blend(a.state(), b.state(), stages);

    ObjectNode record = Json.object();
    record.put("method", "layer-swap");
    record.set("parentA", a.describe());
    record.set("parentB", b.describe());
    record.set("stages", LayerSwap.describe(stages));
    // Numbered by the rounds trained behind it: A's and then B's fine-tune.
    long round = a.checkpoint().round() + b.checkpoint().round();
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
    ProgressLog.format("train-blend: layer swap of %s (round %d) and %s (round %d), A's weight per stage %s",
        a.checkpoint().folder(), a.checkpoint().round(), b.checkpoint().folder(), b.checkpoint().round(),
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
      return new Parent(last, written, input);
    } catch (Exception e) {
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
  }

  /** A given parent ({@code name} under {@code nftgen.blend.layer-swap}), or null when the setting is empty. */
  private static Parent open(SparkRuntime runtime, String name, String uri, GanState shape, Path runDir) {
    if (uri.isEmpty()) {
      return null;
    }
    String key = LayerSwapSettings.SECTION + "." + name;
    Path input = runtime.qualify(uri);
    String inside = runDir.toString() + "/";
    if ((input.toString() + "/").startsWith(inside)) {
      throw new org.nftgen.config.SettingsException("Setting '" + key + "' = " + uri + " lies inside this run's "
          + "--output " + runDir + ", which the run empties or refuses: choose another --output");
    }
    TrainedRun run = TrainedRun.open(input, runtime.hadoop(), List.of(JobNames.TRAIN_DCGAN));
    return new Parent(ParentState.read(run, shape, key), run.checkpoint(), run.config().getString("nftgen.train.input"));
  }
}
