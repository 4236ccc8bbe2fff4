package org.nftgen.jobs;

import com.typesafe.config.Config;
import org.apache.hadoop.fs.Path;
import org.nftgen.data.Ingest;
import org.nftgen.data.PrepareSettings;

/**
 * {@code prepare}: ingests a raw collection from any Hadoop path into a training dataset
 * ({@link Ingest}: decoded, de-duplicated, checked, resized, written as Parquet with a manifest).
 */
public final class PrepareJob {
  /** The job name a dataset's saved config.conf records. */
  static final String JOB = org.nftgen.run.JobNames.PREPARE;
  static final JobCli CLI = JobCli.of("prepare", "Ingests a raw image collection into a training dataset.")
      .flag("--input", "nftgen.prepare.input", "the raw collection (folder or file, any Hadoop URI)")
      .flag("--output", "nftgen.prepare.output", "where to write the dataset")
      .toggle("--overwrite", "nftgen.prepare.overwrite", "replace an existing dataset");

  private PrepareJob() {}

  public static void main(String[] args) {
    JobMain.execute(CLI, args, PrepareSettings::from, PrepareJob::run);
  }

  /** Ingests the collection; returns the qualified dataset root. */
  public static Path run(PrepareSettings settings, Config config) {
    SparkRuntime runtime = SparkRuntime.start(JOB, config);
    Path output = runtime.qualify(settings.output());
    new Ingest(runtime.session(), runtime.hadoop(), settings)
        .run(runtime.qualify(settings.input()), output, runtime::saveConfig);
    return output;
  }
}
