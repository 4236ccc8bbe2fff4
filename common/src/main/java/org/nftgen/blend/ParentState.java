package org.nftgen.blend;

import org.nftgen.config.SettingsException;
import org.nftgen.gan.GanState;
import org.nftgen.io.ProgressLog;
import org.nftgen.run.CheckpointStore;
import org.nftgen.run.StateCodec;
import org.nftgen.run.TrainedRun;

/**
 * The state of a trained run that a blend starts from (a layer swap's parents, or the blend that
 * {@code nftgen.blend.start-from} names), checked against the shape of the networks it must fill.
 */
public final class ParentState {
  private ParentState() {}

  /**
   * The verified newest (or named) checkpoint's state of {@code run}; a {@link SettingsException}
   * naming {@code key} and the run when its networks are not the shape of {@code shape}'s.
   */
  public static GanState read(TrainedRun run, GanState shape, String key) {
    GanState state = StateCodec.decode(run.checkpoint().file(CheckpointStore.STATE), GanState.class);
    if (shape.generatorParams().length != state.generatorParams().length
        || shape.discriminatorParams().length != state.discriminatorParams().length
        || shape.generatorAverage().length != state.generatorAverage().length) {
      throw new SettingsException("Setting '" + key + "' = " + run.input() + " holds networks of another shape "
          + "(generator " + state.generatorParams().length + " parameters, discriminators "
          + state.discriminatorParams().length + "; this run's " + shape.generatorParams().length + " and "
          + shape.discriminatorParams().length + "): train it with this run's nftgen.dcgan settings");
    }
    ProgressLog.format("train-blend: %s: %s (round %d)", key, run.checkpoint().folder(), run.checkpoint().round());
    return state;
  }
}
