package org.nftgen.synth;

import com.typesafe.config.Config;
import java.io.Serializable;
import org.nftgen.config.SettingsReader;

/** Settings of the {@code synth} job, read from {@code nftgen.synth}. */
public record SynthSettings(String output, String style, long count, long seed, int size, int partitions,
    boolean overwrite) implements Serializable {

  public static SynthSettings from(Config config) {
    SettingsReader r = new SettingsReader(config, "nftgen.synth");
    return new SynthSettings(
        r.requiredString("output", "pass --output URI or set it in the config file"),
        r.choice("style", CollectionStyle.NAMES.toArray(new String[0])),
        r.longValue("count", 1, 1_000_000),
        r.longValue("seed", Long.MIN_VALUE, Long.MAX_VALUE),
        r.intValue("size", 32, 2048),
        r.intValue("partitions", 0, 100_000),
        r.bool("overwrite"));
  }
}
