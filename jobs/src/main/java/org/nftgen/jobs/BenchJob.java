package org.nftgen.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import org.apache.hadoop.fs.Path;
import org.nftgen.bench.Bench;
import org.nftgen.bench.BenchSettings;
import org.nftgen.io.HadoopFiles;
import org.nftgen.io.Json;
import org.nftgen.io.ProgressLog;

/**
 * {@code bench}: speed of this machine and of nftgen on it ({@link Bench}), with the same JVM
 * settings as the training jobs and the PyTorch reference side by side. Writes {@code bench.json}.
 */
public final class BenchJob {
  static final JobCli CLI = JobCli.of("bench", "Measures training and inference speed against the PyTorch reference.")
      .flag("--output", "nftgen.bench.output", "folder for bench.json");

  private BenchJob() {}

  public static void main(String[] args) {
    JobMain.execute(CLI, args, BenchSettings::from, BenchJob::run);
  }

  public static ObjectNode run(BenchSettings s, Config config) {
    SparkRuntime runtime = SparkRuntime.start("bench", config);
    Path out = new Path(runtime.qualify(s.output()), "bench.json");
    ObjectNode bench = Bench.run(runtime.context(), s);
    HadoopFiles.writeString(out, Json.pretty(bench), runtime.hadoop());
    ProgressLog.line("bench: wrote " + out);
    return bench;
  }
}
