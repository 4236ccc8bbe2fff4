package org.nftgen.run;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.nftgen.config.SettingsException;
import org.nftgen.io.HadoopFiles;

/**
 * The guard in front of a training run's folder: a new run needs an empty or absent folder, a
 * resumed one needs the folder of an earlier run, and a finished run is only replaced when asked.
 */
public final class RunFolder {
  /** The effective configuration every training job saves into its run folder. */
  public static final String CONFIG = "config.conf";
  /** The key in that configuration naming the job that wrote the run. */
  public static final String JOB_KEY = "nftgen.run.job";

  private RunFolder() {}

  /**
   * The configuration saved by the run in {@code runDir}, over the reference defaults (so keys
   * added after the run was written read as their defaults).
   */
  public static Config savedConfig(Path runDir, Configuration conf) {
    Path file = new Path(runDir, CONFIG);
    if (!HadoopFiles.exists(file, conf)) {
      throw new SettingsException("No " + CONFIG + " in " + runDir + ": not a training run folder");
    }
    Config saved;
    try {
      saved = ConfigFactory.parseString(HadoopFiles.readString(file, conf),
          ConfigParseOptions.defaults().setOriginDescription(file.toString()).setIncluder(new NoIncludes(file)));
      // A saved configuration is fully resolved when written: nothing in it may reach for the
      // environment of whoever reads it.
      return saved.withFallback(ConfigFactory.defaultReference())
          .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
    } catch (com.typesafe.config.ConfigException e) {
      throw new SettingsException("Cannot read the saved configuration " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Refuses every {@code include} in a saved configuration: a run folder is untrusted input, and an
   * include would read files or URLs of the reader's choosing into the settings.
   */
  private record NoIncludes(Path file) implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL,
      ConfigIncluderClasspath {
    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
      return this;
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
      throw refused(what);
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, java.io.File what) {
      throw refused(what.toString());
    }

    @Override
    public ConfigObject includeURL(ConfigIncludeContext context, java.net.URL what) {
      throw refused(what.toString());
    }

    @Override
    public ConfigObject includeResources(ConfigIncludeContext context, String what) {
      throw refused(what);
    }

    private SettingsException refused(String what) {
      return new SettingsException("The saved configuration " + file + " has an include (" + what
          + "): a run's config.conf is written whole, so it is refused");
    }
  }

  /** Whether {@code runDir} holds a saved configuration that names the job that wrote it. */
  static boolean isRun(Path runDir, Configuration conf) {
    try {
      return HadoopFiles.exists(new Path(runDir, CONFIG), conf) && savedConfig(runDir, conf).hasPath(JOB_KEY);
    } catch (SettingsException e) {
      return false;
    }
  }

  private static void checkResumable(Path runDir, Config saved, Config current, List<String> modelSections,
      Set<String> notModel) {
    String savedJob = saved.getString(JOB_KEY);
    String job = current.getString(JOB_KEY);
    if (!savedJob.isEmpty() && !savedJob.equals(job)) {
      throw new SettingsException("--resume refused: " + runDir + " holds a " + savedJob + " run, not a " + job
          + " run; choose another --output");
    }
    List<String> differences = new ArrayList<>();
    for (String section : modelSections) {
      Map<String, Object> was = leaves(saved, section);
      Map<String, Object> now = leaves(current, section);
      Set<String> keys = new TreeSet<>(was.keySet());
      keys.addAll(now.keySet());
      for (String key : keys) {
        if (!notModel.contains(section + "." + key) && !sameValue(was.get(key), now.get(key))) {
          differences.add(section + "." + key + " = " + was.get(key) + " in the run, " + now.get(key) + " now");
        }
      }
    }
    if (!differences.isEmpty()) {
      throw new SettingsException("--resume refused: the model settings differ from those " + runDir + "/" + CONFIG
          + " was trained with, so its checkpoints do not fit: " + String.join("; ", differences)
          + ". Resume with the run's settings, or train into another --output");
    }
  }

  static Map<String, Object> leaves(Config config, String section) {
    Map<String, Object> out = new java.util.HashMap<>();
    if (config.hasPath(section)) {
      config.getConfig(section).entrySet().forEach(e -> out.put(e.getKey(), e.getValue().unwrapped()));
    }
    return out;
  }

  /**
   * Equal values; numbers by value, whether they arrive as numbers or as text (a saved 64 reads back
   * as an int, 64.0 as a double, and {@code --set key=2e-4} as the string "2e-4"); booleans and
   * their words alike.
   */
  static boolean sameValue(Object a, Object b) {
    // A boolean saved as a boolean and the same word in quotes (a default written as a string,
    // since it has a third value) are the same setting.
    if (a instanceof Boolean || b instanceof Boolean) {
      return String.valueOf(a).equalsIgnoreCase(String.valueOf(b));
    }
    Double x = number(a);
    Double y = number(b);
    if (x != null && y != null) {
      return x.doubleValue() == y.doubleValue();
    }
    return java.util.Objects.equals(a, b);
  }

  private static Double number(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String text) {
      try {
        return Double.valueOf(text.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** The run folder of a run folder or of one of its checkpoint folders ({@code checkpoints/round-N}). */
  public static Path of(Path runOrCheckpoint) {
    return runOrCheckpoint.getName().startsWith(CheckpointStore.PREFIX) ? runOrCheckpoint.getParent().getParent()
        : runOrCheckpoint;
  }

  /**
   * Opens {@code runDir} for a run of the job that {@code current} names ({@value #JOB_KEY}): empty
   * or absent for a new run; an earlier run's folder with {@code overwrite} (emptied) or with
   * {@code resume}, which checks, before anything is written, that the earlier run was of the same
   * job with the same {@code modelSections} (e.g. {@code nftgen.dcgan}): its checkpoints hold
   * networks of the shape and recipe those settings describe. {@code notModel}: full keys within
   * those sections that a resume may change (data paths, time budgets). Returns the folder's writer lease
   * ({@code nftgen.train.lease-seconds}), held until the caller closes it at the end of the run.
   */
  public static WriterLease open(Path runDir, boolean resume, boolean overwrite, Config current,
      List<String> modelSections, Set<String> notModel, Configuration conf) {
    // The lease first: a second run must fail before it deletes (--overwrite) or writes anything.
    long leaseSeconds = new org.nftgen.config.SettingsReader(current, "nftgen.train").longValue("lease-seconds", 10,
        86_400);
    WriterLease lease = WriterLease.acquire(runDir, "Run folder " + runDir, leaseSeconds, conf);
    try {
      check(runDir, resume, overwrite, current, modelSections, notModel, conf);
      return lease;
    } catch (RuntimeException e) {
      lease.close();
      throw e;
    }
  }

  private static void check(Path runDir, boolean resume, boolean overwrite, Config current, List<String> modelSections,
      Set<String> notModel, Configuration conf) {
    try {
      FileSystem fs = HadoopFiles.fileSystem(runDir, conf);
      boolean hasContent = fs.exists(runDir) && java.util.Arrays.stream(fs.listStatus(runDir))
          .anyMatch(child -> !child.getPath().getName().equals(WriterLease.FILE));
      if (resume) {
        if (!hasContent) {
          throw new SettingsException("--resume given but " + runDir + " holds no earlier run");
        }
        if (HadoopFiles.exists(new Path(runDir, CONFIG), conf)) {
          checkResumable(runDir, savedConfig(runDir, conf), current, modelSections, notModel);
        }
        return;
      }
      if (!hasContent) {
        return;
      }
      if (!overwrite) {
        throw new SettingsException("Run folder " + runDir + " is not empty: pass --resume to continue that run, "
            + "--overwrite to replace it, or another --output");
      }
      // --overwrite replaces an earlier run, never a folder that merely happens to be there (a
      // mistyped --output ~ must not empty a home folder): it must hold a run's saved configuration.
      if (!isRun(runDir, conf)) {
        throw new SettingsException("--overwrite refused: " + runDir + " is not empty and is not an nftgen run "
            + "folder (no " + CONFIG + " naming the job that wrote it); choose another --output, or empty it yourself");
      }
      for (FileStatus child : fs.listStatus(runDir)) {
        if (!child.getPath().getName().equals(WriterLease.FILE)) {
          fs.delete(child.getPath(), true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open run folder " + runDir + ": " + e.getMessage(), e);
    }
  }
}
