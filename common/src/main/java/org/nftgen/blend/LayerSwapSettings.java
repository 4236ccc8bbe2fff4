package org.nftgen.blend;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.List;
import org.nftgen.config.SettingsException;
import org.nftgen.config.SettingsReader;

/**
 * {@code nftgen.blend.layer-swap}: where the generator of collection A comes from, how the training
 * budget splits between A and the fine-tuning on B, and the schedule: the weight of A's parameters
 * in each resolution stage of the blended generator, coarse to fine (empty: the default of
 * {@link LayerSwap#weights}).
 */
public record LayerSwapSettings(String parentA, double aShare, List<Double> schedule) implements Serializable {
  public static final String SECTION = "nftgen.blend.layer-swap";
  static final LayerSwapSettings DEFAULT = new LayerSwapSettings("", 0.5, List.of());

  public LayerSwapSettings {
    schedule = List.copyOf(schedule);
  }

  static LayerSwapSettings from(Config config) {
    SettingsReader r = new SettingsReader(config, SECTION);
    List<Double> schedule = r.doubleList("schedule");
    for (double w : schedule) {
      if (!(w >= 0 && w <= 1)) {
        throw new SettingsException("Setting '" + r.key("schedule") + "' = " + schedule
            + ": every weight of A must be between 0 (the stage from B) and 1 (from A)");
      }
    }
    return new LayerSwapSettings(r.string("parent-a"), r.doubleValue("a-share", 0.01, 0.99), schedule);
  }
}
