package org.nftgen.evaluation;

import com.typesafe.config.Config;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.nftgen.run.TrainedRun;

/**
 * Everything an evaluator reads: the Spark session (held-out images are read as datasets are),
 * the Hadoop configuration, the opened run, where to write, the request and this evaluation's own
 * configuration (its {@code nftgen.denoise}, and a dataset calibration's split and resolution).
 *
 * @param qualify turns a URI from a saved config into a fully qualified path, as the driver sees it
 */
public record EvaluationContext(SparkSession session, Configuration conf, Function<String, Path> qualify,
    TrainedRun run, Path output, EvaluationRequest request, Config config) {}
