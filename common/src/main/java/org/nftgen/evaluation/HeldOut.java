package org.nftgen.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.nftgen.averaging.TrainSettings;
import org.nftgen.config.SettingsException;
import org.nftgen.data.DatasetReader;
import org.nftgen.image.RgbImage;
import scala.Tuple2;

/**
 * A dataset cut as a training run cut it: records {@code [0, trainCount)} trained on, the rest
 * held out. The one place evaluators read images and check that there is something to measure
 * against.
 */
record HeldOut(Path dataset, long trainCount, long total) {

  /** The split of {@code dataset} under {@code train}'s holdout fraction; fails if nothing was held out. */
  static HeldOut of(Path dataset, TrainSettings train, Configuration conf) {
    long total = DatasetReader.count(DatasetReader.manifest(dataset, conf));
    long trainCount = train.trainingImages(total);
    if (trainCount >= total) {
      throw new SettingsException("The run held out no images of " + dataset + " (nftgen.train.holdout-fraction = "
          + train.holdoutFraction() + "); there is nothing to evaluate against");
    }
    return new HeldOut(dataset, trainCount, total);
  }

  /** Up to {@code limit} held-out images at {@code side} px, in record order. */
  List<RgbImage> heldOut(SparkSession spark, int side, int limit) {
    return load(spark, side, trainCount, total, limit);
  }

  /** Every training image at {@code side} px, in record order. */
  List<RgbImage> training(SparkSession spark, int side) {
    return load(spark, side, 0, trainCount, Integer.MAX_VALUE);
  }

  private List<RgbImage> load(SparkSession spark, int side, long from, long to, int limit) {
    long until = Math.min(to, from + (long) limit);
    List<Tuple2<Long, byte[]>> rows = new ArrayList<>(DatasetReader.images(spark, dataset, side, from, until).collect());
    rows.sort(Comparator.comparing(Tuple2::_1));
    List<RgbImage> images = new ArrayList<>(rows.size());
    for (Tuple2<Long, byte[]> row : rows) {
      images.add(new RgbImage(side, side, row._2()));
    }
    return images;
  }
}
