package org.nftgen.run;

import com.typesafe.config.Config;
import java.util.Collection;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nftgen.config.SettingsException;
import org.nftgen.io.HadoopFiles;

/**
 * A trained run as every consumer of a model opens it ({@code generate}, {@code evaluate}, the
 * upscaler, the trait classifier): the run folder, the job that wrote it and its saved
 * configuration, each read once, and the checkpoint asked for (a run folder means its newest
 * committed one) read into memory with every file checked once against its recorded SHA-256.
 */
public final class TrainedRun {
  private final Path input;
  private final Path runDir;
  private final String job;
  private final Config config;
  private final VerifiedCheckpoint checkpoint;

  private TrainedRun(Path input, Path runDir, String job, Config config, VerifiedCheckpoint checkpoint) {
    this.input = input;
    this.runDir = runDir;
    this.job = job;
    this.config = config;
    this.checkpoint = checkpoint;
  }

  /**
   * Opens {@code input}: a run folder or one of its {@code checkpoints/round-N} folders. A missing
   * folder, a folder that is no run, or a named checkpoint that was never committed is a
   * {@link SettingsException}; a file that fails its hash is a {@link VerifiedCheckpoint.TamperedException}.
   * A run folder with no committed checkpoint yet opens (see {@link #hasCheckpoint()}). A run
   * written by a job not among {@code jobs} is refused, naming what it is, before its checkpoint is
   * read.
   */
  public static TrainedRun open(Path input, Configuration conf, Collection<String> jobs) {
    if (!HadoopFiles.exists(input, conf)) {
      throw new SettingsException("No run folder or checkpoint at " + input);
    }
    Path runDir = RunFolder.of(input);
    Config config = RunFolder.savedConfig(runDir, conf);
    String job = config.hasPath(RunFolder.JOB_KEY) ? config.getString(RunFolder.JOB_KEY) : "";
    if (!jobs.contains(job)) {
      throw new SettingsException(input + " is " + (job.isEmpty() ? "a run of unknown kind" : "a " + job + " run")
          + ", not a " + String.join(" or ", jobs) + " run");
    }
    return new TrainedRun(input, runDir, job, config, VerifiedCheckpoint.find(input, runDir, conf));
  }

  public boolean hasCheckpoint() {
    return checkpoint != null;
  }

  /** The verified checkpoint; fails naming the folder when the run has committed none yet. */
  public VerifiedCheckpoint checkpoint() {
    if (checkpoint == null) {
      throw new SettingsException("No committed checkpoint in run folder " + runDir);
    }
    return checkpoint;
  }

  /** What the user named: the run folder or one checkpoint folder. */
  public Path input() {
    return input;
  }

  public Path runDir() {
    return runDir;
  }

  /** The job that wrote the run ({@link JobNames}), "" for a config that does not say. */
  public String job() {
    return job;
  }

  /** The run's saved configuration over the reference defaults. */
  public Config config() {
    return config;
  }
}
