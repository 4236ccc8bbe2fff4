package org.nftgen.blend;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.List;
import org.nftgen.config.SettingsException;
import org.nftgen.config.SettingsReader;

/**
 * {@code nftgen.blend.layer-swap}: where the generators of A and of B come from, how the training
 * budget splits between A and the fine-tuning on B, and the schedule: the weight of A's parameters
 * in each resolution stage of the blended generator, coarse to fine, or (empty) how many of the
 * finest stages come from B ({@code from-b}).
 */
public record LayerSwapSettings(String parentA, String parentB, double aShare, List<Double> schedule, int fromB)
    implements Serializable {
  public static final String SECTION = "nftgen.blend.layer-swap";
  /** For the two-discriminator method, which reads none of it (the layer swap's defaults are reference.conf's). */
  static final LayerSwapSettings DEFAULT = new LayerSwapSettings("", "", 0.5, List.of(), 1);

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
    String parentA = r.string("parent-a").trim();
    String parentB = r.string("parent-b").trim();
    if (!parentB.isEmpty() && parentA.isEmpty()) {
      throw new SettingsException("Setting '" + r.key("parent-b") + "' = " + parentB + " needs '" + r.key("parent-a")
          + "': the generator of A that it was fine-tuned from");
    }
    return new LayerSwapSettings(parentA, parentB, r.doubleValue("a-share", 0.01, 0.99), schedule,
        r.intValue("from-b", 0, 16));
  }
}
