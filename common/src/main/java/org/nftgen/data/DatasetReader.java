package org.nftgen.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
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

  /** The images of one resolution, as stored (8-bit RGB, HWC), one element per image. */
  public static JavaRDD<byte[]> images(SparkSession spark, Path dataset, int side) {
    JsonNode manifest = manifest(dataset, spark.sparkContext().hadoopConfiguration());
    String column = PreparedDataset.pixelsColumn(side);
    if (!manifest.path("shapes").has(column)) {
      throw new SettingsException("Dataset " + dataset + " has no " + side + " px images (it has "
          + manifest.path("shapes").toString() + "); re-run prepare with " + side
          + " in nftgen.prepare.resolutions");
    }
    return spark.read().parquet(new Path(dataset, PreparedDataset.DATA).toString())
        .orderBy(PreparedDataset.INDEX).select(column).javaRDD().map(row -> (byte[]) row.get(0));
  }
}
