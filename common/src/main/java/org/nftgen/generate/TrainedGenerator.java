package org.nftgen.generate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nftgen.data.TraitLabels;
import org.nftgen.dcgan.DcganModels;
import org.nftgen.dcgan.DcganSettings;
import org.nftgen.gan.GanState;
import org.nftgen.gan.Parameters;
import org.nftgen.gan.TraitCondition;
import org.nftgen.io.Json;
import org.nftgen.run.CheckpointStore;
import org.nftgen.run.JobNames;
import org.nftgen.run.StateCodec;
import org.nftgen.run.TrainedRun;
import org.nftgen.run.VerifiedCheckpoint;

/**
 * A trained DCGAN generator as the driver broadcasts it: the model's shape (from the run's saved
 * {@code config.conf}) and the generator's parameters (batch-norm running statistics included),
 * taken from a checkpoint whose files were verified against their SHA-256: the moving average of
 * the generator's weights where training kept one, else the weights themselves. The discriminator
 * and the optimiser states stay behind: generation needs neither.
 */
public record TrainedGenerator(DcganSettings settings, float[] params, String checkpointId, String checkpointFolder,
    Map<String, String> sha256) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The runs a generator comes from. */
  public static final List<String> KINDS = List.of(JobNames.TRAIN_DCGAN, JobNames.TRAIN_BLEND);

  /** Loads from a run folder (newest committed checkpoint) or one checkpoint folder. */
  public static TrainedGenerator load(Path input, Configuration conf) {
    return of(TrainedRun.open(input, conf, KINDS));
  }

  /** The generator of an opened DCGAN or blend run. */
  public static TrainedGenerator of(TrainedRun run) {
    VerifiedCheckpoint checkpoint = run.checkpoint();
    GanState state = StateCodec.decode(checkpoint.file(CheckpointStore.STATE), GanState.class);
    return new TrainedGenerator(settings(run.config(), checkpoint), state.samplingGeneratorParams(), checkpoint.id(),
        checkpoint.folder(), checkpoint.sha256());
  }

  /**
   * A run's model settings as its checkpoint was trained: for a conditional model, bound to the
   * traits in the checkpoint's {@link TraitCondition#FILE} (verified with the state).
   */
  public static DcganSettings settings(Config runConfig, VerifiedCheckpoint checkpoint) {
    DcganSettings settings = DcganSettings.from(runConfig);
    if (!settings.conditional()) {
      return settings;
    }
    if (!checkpoint.files().containsKey(TraitCondition.FILE)) {
      throw new IllegalStateException("The conditional model in " + checkpoint.folder() + " has no "
          + TraitCondition.FILE + ": the traits it was trained on are unknown");
    }
    return settings.withConditions(TraitLabels.fromJson(checkpoint.file(TraitCondition.FILE)));
  }

  /** The traits this generator is conditioned on, or null for an unconditional one. */
  public TraitLabels conditions() {
    return settings.conditions();
  }

  /** A fresh generator network holding these parameters, for inference ({@code output(z, false)}). */
  public MultiLayerNetwork network() {
    MultiLayerNetwork g = new MultiLayerNetwork(DcganModels.generator(settings));
    g.init();
    return Parameters.assign(g, params, "The generator of " + checkpointFolder);
  }

  /** The manifest's record of this model: kind, checkpoint id and folder, SHA-256 of its files. */
  public ObjectNode describe() {
    ObjectNode o = Json.object();
    o.put("kind", "dcgan");
    o.put("checkpoint", checkpointId);
    o.put("folder", checkpointFolder);
    o.put("resolution", settings.resolution());
    o.put("nz", settings.nz());
    if (settings.conditional()) {
      o.putPOJO("conditionedOn", settings.conditions().types());
    }
    ObjectNode files = o.putObject("sha256");
    sha256.forEach(files::put);
    return o;
  }
}
