package org.nftgen.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import scala.Tuple2;
import org.apache.spark.sql.SparkSession;
import org.nftgen.config.SettingsException;
import org.nftgen.io.HadoopFiles;
import org.nftgen.io.Json;

/** Opens a prepared dataset for training: checks it is complete and has the resolution asked for. */
public final class DatasetReader {
  private DatasetReader() {}

  /** The dataset's manifest; fails with a clear message if the dataset is missing or incomplete. */
  public static JsonNode manifest(Path dataset, Configuration conf) {
    Path manifest = new Path(dataset, PreparedDataset.MANIFEST);
    if (!HadoopFiles.exists(manifest, conf)) {
      throw new SettingsException("No complete prepared dataset at " + dataset + " (" + PreparedDataset.MANIFEST
          + " is missing): run the prepare job first, or point --input at its output");
    }
    try {
      return Json.mapper().readTree(HadoopFiles.readString(manifest, conf));
    } catch (IOException e) {
      throw new SettingsException("Unreadable manifest " + manifest + ": " + e.getMessage(), e);
    }
  }

  /**
   * The images of one resolution whose index is in [{@code from}, {@code to}), as stored (8-bit
   * RGB, HWC), keyed by their index in the dataset.
   */
  public static JavaPairRDD<Long, byte[]> images(SparkSession spark, Path dataset, int side, long from, long to) {
    return rows(spark, dataset, side, from, to, false).mapToPair(row -> new Tuple2<>(row.getLong(0), (byte[]) row.get(1)));
  }

  /**
   * As {@link #images}, each image with its traits (type -> value; null for an image without
   * metadata): what a conditional model trains on.
   */
  public static JavaPairRDD<Long, Tuple2<byte[], java.util.Map<String, String>>> imagesWithTraits(SparkSession spark,
      Path dataset, int side, long from, long to) {
    return rows(spark, dataset, side, from, to, true).mapToPair(row -> new Tuple2<>(row.getLong(0),
        new Tuple2<>((byte[]) row.get(1), row.isNullAt(2) ? null : new java.util.HashMap<>(row.<String, String>getJavaMap(2)))));
  }

  private static org.apache.spark.api.java.JavaRDD<org.apache.spark.sql.Row> rows(SparkSession spark, Path dataset,
      int side, long from, long to, boolean traits) {
    JsonNode manifest = manifest(dataset, spark.sparkContext().hadoopConfiguration());
    String column = PreparedDataset.pixelsColumn(side);
    if (!manifest.path("shapes").has(column)) {
      throw new SettingsException("Dataset " + dataset + " has no " + side + " px images (it has "
          + manifest.path("shapes").toString() + "); re-run prepare with " + side
          + " in nftgen.prepare.resolutions");
    }
    Column index = functions.col(PreparedDataset.INDEX);
    var table = spark.read().parquet(new Path(dataset, PreparedDataset.DATA).toString())
        .where(index.geq(from).and(index.lt(to)));
    return (traits ? table.select(PreparedDataset.INDEX, column, PreparedDataset.TRAITS)
        : table.select(PreparedDataset.INDEX, column)).javaRDD();
  }

  /** The number of images in the dataset. */
  public static long count(JsonNode manifest) {
    return manifest.path("accepted").asLong();
  }
}
