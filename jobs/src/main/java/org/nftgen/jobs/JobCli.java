package org.nftgen.jobs;

import com.typesafe.config.Config;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nftgen.config.ConfigLayers;
import org.nftgen.config.SettingsException;

/**
 * The command line every job shares: {@code [--config FILE] [--set key=value ...]} plus the job's
 * own flags, each of which is just a shorter way to set one config key. Flags and {@code --set}
 * override the config file, which overrides the reference defaults.
 */
public final class JobCli {
  private final String job;
  private final String summary;
  private final Map<String, Flag> flags = new LinkedHashMap<>();

  private record Flag(String name, String key, boolean takesValue, String help) {}

  private JobCli(String job, String summary) {
    this.job = job;
    this.summary = summary;
  }

  public static JobCli of(String job, String summary) {
    return new JobCli(job, summary);
  }

  /** A flag that takes a value and sets {@code key} to it. */
  public JobCli flag(String name, String key, String help) {
    flags.put(name, new Flag(name, key, true, help));
    return this;
  }

  /** A flag without a value that sets boolean {@code key} to true. */
  public JobCli toggle(String name, String key, String help) {
    flags.put(name, new Flag(name, key, false, help));
    return this;
  }

  /** Parses the arguments and returns the validated configuration; throws on any mistake. */
  public Config parse(String[] args) {
    ConfigLayers layers = new ConfigLayers();
    List<String[]> overrides = new ArrayList<>(); // {key or "--set", value, origin}
    for (int i = 0; i < args.length; i++) {
      // Both "--flag value" and "--flag=value" are accepted.
      String name = args[i];
      String value = null;
      int eq = name.indexOf('=');
      if (name.startsWith("--") && eq > 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      Flag flag = flags.get(name);
      boolean takesValue = name.equals("--config") || name.equals("--set") || (flag != null && flag.takesValue());
      if (takesValue && value == null) {
        if (i + 1 >= args.length) {
          throw new SettingsException("Argument " + name + " needs a value\n" + usage());
        }
        value = args[++i];
      }
      if (name.equals("--help") || name.equals("-h")) {
        throw new HelpRequested(usage());
      } else if (name.equals("--config")) {
        layers.file(new File(value));
      } else if (name.equals("--set")) {
        overrides.add(new String[] {"--set", value, null});
      } else if (flag != null) {
        overrides.add(new String[] {flag.key(), value != null ? value : "true", "command line " + name});
      } else {
        throw new SettingsException("Unknown argument '" + args[i] + "' for job " + job + "\n" + usage());
      }
    }
    // Applied after the loop so that --config may come anywhere; later overrides win.
    for (String[] o : overrides) {
      if (o[0].equals("--set")) {
        layers.overrideAssignment(o[1]);
      } else {
        layers.override(o[0], o[1], o[2]);
      }
    }
    return layers.load();
  }

  public String usage() {
    StringBuilder sb = new StringBuilder();
    sb.append("usage: nftgen-submit ").append(job).append(" [--config FILE] [--set key=value ...]");
    for (Flag f : flags.values()) {
      sb.append(" [").append(f.name()).append(f.takesValue() ? " VALUE" : "").append(']');
    }
    sb.append("\n  ").append(summary).append('\n');
    sb.append("  --config FILE        environment config (conf/*.conf); includes the reference defaults\n");
    sb.append("  --set key=value      override one key, e.g. --set nftgen.synth.count=100\n");
    for (Flag f : flags.values()) {
      sb.append(String.format("  %-20s %s (sets %s)%n", f.name() + (f.takesValue() ? " VALUE" : ""), f.help(), f.key()));
    }
    return sb.toString();
  }

  /** Thrown for --help: the usage text is the message and the exit status is 0. */
  public static final class HelpRequested extends RuntimeException {
    public HelpRequested(String usage) {
      super(usage);
    }
  }
}
