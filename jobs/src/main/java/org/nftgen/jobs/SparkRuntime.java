package org.nftgen.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.nftgen.config.ResolvedConfig;
import org.nftgen.io.HadoopFiles;

/**
 * The Spark side of a job: the session (master and deploy settings come from spark-submit, never
 * from code), the Hadoop configuration with {@code nftgen.hadoop} applied, and paths qualified on
 * the driver so that executors, whose working directories differ, read the same files.
 */
public final class SparkRuntime {
  private final SparkSession spark;
  private final Config config;

  private SparkRuntime(SparkSession spark, Config config) {
    this.spark = spark;
    this.config = config;
  }

  public static SparkRuntime start(String job, Config config) {
    SparkSession spark = SparkSession.builder().appName("nftgen " + job).config(withDefaults(new SparkConf()))
        .getOrCreate();
    applyHadoopSettings(spark.sparkContext().hadoopConfiguration(), config);
    return new SparkRuntime(spark, config.withValue(org.nftgen.run.RunFolder.JOB_KEY, ConfigValueFactory.fromAnyRef(job)));
  }

  /**
   * Spark settings nftgen's parameter averaging wants unless spark-submit set them: a worker's
   * state (76 MB at seed size) comes back as a direct task result (up to the RPC message limit,
   * which Spark caps it at) rather than through the block manager, and broadcasts are not
   * compressed (float weights do not compress; lz4 only costs time). Measured in
   * docs/measurements.md: part of a round's time outside the workers.
   */
  static SparkConf withDefaults(SparkConf conf) {
    conf.setIfMissing("spark.task.maxDirectResultSize", "128m");
    conf.setIfMissing("spark.broadcast.compress", "false");
    return conf;
  }

  /**
   * The Hadoop configuration the session will have, made before it starts, so that a job can read
   * and check its inputs without allocating executors: Hadoop's defaults, spark-submit's
   * {@code spark.hadoop.*} settings (which reach the driver as system properties) and
   * {@code nftgen.hadoop}, as Spark layers them.
   */
  public static Configuration hadoopBeforeStart(Config config) {
    Configuration hadoop = new Configuration();
    for (scala.Tuple2<String, String> e : new SparkConf().getAllWithPrefix("spark.hadoop.")) {
      hadoop.set(e._1(), e._2());
    }
    applyHadoopSettings(hadoop, config);
    return hadoop;
  }

  private static void applyHadoopSettings(Configuration hadoop, Config config) {
    for (Map.Entry<String, ConfigValue> e : config.getConfig("nftgen.hadoop").entrySet()) {
      // Keys arrive quoted ("fs.s3a.endpoint") because they contain dots.
      String key = e.getKey().replace("\"", "");
      hadoop.set(key, String.valueOf(e.getValue().unwrapped()));
    }
  }

  public SparkSession session() {
    return spark;
  }

  public JavaSparkContext context() {
    return JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  public Configuration hadoop() {
    return spark.sparkContext().hadoopConfiguration();
  }

  public Config config() {
    return config;
  }

  public int defaultParallelism() {
    return spark.sparkContext().defaultParallelism();
  }

  /** A fully qualified path: {@code runs/x} becomes {@code file:/home/me/runs/x} in local mode. */
  public Path qualify(String uri) {
    return qualify(uri, hadoop());
  }

  /** {@link #qualify(String)} with a given Hadoop configuration (e.g. before Spark starts). */
  public static Path qualify(String uri, Configuration hadoop) {
    return HadoopFiles.qualify(uri, hadoop);
  }

  /** Saves the effective configuration (secrets redacted) as {@code config.conf} in {@code folder}. */
  public void saveConfig(Path folder) {
    saveConfig(folder, config);
  }

  /** Saves {@code resolved} (this job's config with a phase's own changes) as the run's in {@code folder}. */
  public void saveConfig(Path folder, Config resolved) {
    HadoopFiles.writeString(new Path(folder, org.nftgen.run.RunFolder.CONFIG), ResolvedConfig.render(resolved),
        hadoop());
  }
}
