package org.nftgen.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.nftgen.config.SettingsException;

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
    return ConfigFactory.parseString(HadoopFiles.readString(file, conf))
        .withFallback(ConfigFactory.defaultReference()).resolve();
  }

  /** The run folder of a run folder or of one of its checkpoint folders ({@code checkpoints/round-N}). */
  public static Path of(Path runOrCheckpoint) {
    return runOrCheckpoint.getName().startsWith("round-") ? runOrCheckpoint.getParent().getParent() : runOrCheckpoint;
  }

  public static void open(Path runDir, boolean resume, boolean overwrite, Configuration conf) {
    try {
      FileSystem fs = HadoopFiles.fileSystem(runDir, conf);
      boolean hasContent = fs.exists(runDir) && fs.listStatus(runDir).length > 0;
      if (resume) {
        if (!hasContent) {
          throw new SettingsException("--resume given but " + runDir + " holds no earlier run");
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
      for (FileStatus child : fs.listStatus(runDir)) {
        fs.delete(child.getPath(), true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open run folder " + runDir + ": " + e.getMessage(), e);
    }
  }
}
