package org.nftgen.evaluation;

import com.typesafe.config.Config;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.nftgen.io.HadoopFiles;
import org.nftgen.run.TrainedRun;

/**
 * Everything an evaluator reads: the Spark session (held-out images are read as datasets are),
 * the Hadoop configuration, the opened run, where to write, the request and this evaluation's own
 * configuration (its {@code nftgen.denoise}, and a dataset calibration's split and resolution).
 */
public record EvaluationContext(SparkSession session, Configuration conf, TrainedRun run, Path output,
    EvaluationRequest request, Config config) {

  /** A URI from a saved config as a fully qualified path, as the driver sees it. */
  Path qualify(String uri) {
    return HadoopFiles.qualify(uri, conf);
  }
}
