package org.nftgen.generate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nftgen.io.Json;
import org.nftgen.run.CheckpointStore;
import org.nftgen.run.JobNames;
import org.nftgen.run.StateCodec;
import org.nftgen.run.TrainedRun;
import org.nftgen.run.VerifiedCheckpoint;
import org.nftgen.srgan.SrganSettings;
import org.nftgen.srgan.SrganState;
import org.nftgen.srgan.Upscaler;

/**
 * A trained SRGAN generator as the driver broadcasts it: its shape (from the {@code train-srgan}
 * run's saved config) and parameters, from a checkpoint whose files were verified against their
 * SHA-256. Executors build the network once per partition with {@link #open()}.
 */
public record TrainedUpscaler(SrganSettings settings, float[] params, String checkpointId, String checkpointFolder,
    Map<String, String> sha256) implements UpscalerSource {
  private static final long serialVersionUID = 1L;

  /** Loads from a train-srgan run folder (newest committed checkpoint) or one of its checkpoints. */
  public static TrainedUpscaler load(Path input, Configuration conf) {
    TrainedRun run = TrainedRun.open(input, conf, java.util.List.of(JobNames.TRAIN_SRGAN));
    VerifiedCheckpoint checkpoint = run.checkpoint();
    SrganSettings settings = SrganSettings.from(run.config());
    SrganState state = StateCodec.decode(checkpoint.file(CheckpointStore.STATE), SrganState.class);
    return new TrainedUpscaler(settings, state.generatorParams(), checkpoint.id(), checkpoint.folder(),
        checkpoint.sha256());
  }

  public int factor() {
    return settings.factor();
  }

  @Override
  public UpscaleStage open() {
    Upscaler upscaler = Upscaler.of(settings, params, checkpointFolder);
    return new UpscaleStage() {
      @Override
      public int factor() {
        return upscaler.factor();
      }

      @Override
      public INDArray upscale(INDArray nchw) {
        return upscaler.upscale(nchw);
      }
    };
  }

  @Override
  public ObjectNode describe() {
    ObjectNode o = Json.object();
    o.put("kind", "srgan");
    o.put("factor", settings.factor());
    o.put("checkpoint", checkpointId);
    o.put("folder", checkpointFolder);
    // Part of the chunks' fingerprint with the rest of the description (BatchRun).
    o.put("arithmetic", Upscaler.ARITHMETIC);
    ObjectNode files = o.putObject("sha256");
    sha256.forEach(files::put);
    return o;
  }
}
