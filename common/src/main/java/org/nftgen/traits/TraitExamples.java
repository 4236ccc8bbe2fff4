package org.nftgen.traits;

import org.nftgen.data.TraitLabels;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.config.SettingsException;
import org.nftgen.data.DatasetReader;
import org.nftgen.data.Pixels;
import org.nftgen.data.PreparedDataset;

/** The labelled images of a prepared dataset and the mini-batches the classifier trains on. */
public final class TraitExamples {
  private TraitExamples() {}

  /** One image with its traits. */
  public record Example(long index, Map<String, String> traits, byte[] rgb) implements Serializable {}

  /** The images with traits whose index is in [{@code from}, {@code to}), at {@code side} pixels. */
  public static JavaRDD<Example> read(SparkSession spark, Path dataset, int side, long from, long to) {
    var manifest = DatasetReader.manifest(dataset, spark.sparkContext().hadoopConfiguration());
    String column = PreparedDataset.pixelsColumn(side);
    if (!manifest.path("shapes").has(column)) {
      throw new SettingsException("Dataset " + dataset + " has no " + side + " px images (it has "
          + manifest.path("shapes") + "); set nftgen.traits.resolution to one of them");
    }
    if (manifest.path("metadata").path("imagesWithMetadata").asLong() == 0) {
      throw new SettingsException("Dataset " + dataset + " has no images with traits: prepare found no metadata "
          + "(see nftgen.prepare.metadata), so there is nothing to learn");
    }
    var index = functions.col(PreparedDataset.INDEX);
    return spark.read().parquet(new Path(dataset, PreparedDataset.DATA).toString())
        .where(index.geq(from).and(index.lt(to)).and(functions.col(PreparedDataset.TRAITS).isNotNull()))
        .select(PreparedDataset.INDEX, PreparedDataset.TRAITS, column).javaRDD()
        .map(TraitExamples::example);
  }

  private static Example example(Row row) {
    return new Example(row.getLong(0), new HashMap<>(row.<String, String>getJavaMap(1)), (byte[]) row.get(2));
  }

  /**
   * The examples as mini-batches of {@code batch} images (the last of a partition may be smaller),
   * shuffled within each partition by {@code seed}: features NCHW in [-1, 1], one one-hot label
   * array per trait type.
   */
  public static JavaRDD<MultiDataSet> batches(JavaRDD<Example> examples, TraitLabels labels, int side, int batch,
      long seed) {
    return examples.mapPartitionsWithIndex((partition, it) -> {
      List<Example> all = new ArrayList<>();
      it.forEachRemaining(all::add);
      Collections.shuffle(all, new Random(seed * 31 + partition));
      List<MultiDataSet> out = new ArrayList<>();
      for (int from = 0; from < all.size(); from += batch) {
        out.add(toBatch(all.subList(from, Math.min(all.size(), from + batch)), labels, side));
      }
      return out.iterator();
    }, true);
  }

  /** One mini-batch of examples. */
  public static MultiDataSet toBatch(List<Example> examples, TraitLabels labels, int side) {
    List<byte[]> pixels = new ArrayList<>(examples.size());
    examples.forEach(e -> pixels.add(e.rgb()));
    INDArray features = Pixels.toTensor(pixels, side);
    INDArray[] targets = new INDArray[labels.types().size()];
    for (int t = 0; t < targets.length; t++) {
      targets[t] = Nd4j.zeros(examples.size(), labels.classCount(t));
    }
    for (int i = 0; i < examples.size(); i++) {
      int[] classes = labels.classes(examples.get(i).traits());
      for (int t = 0; t < targets.length; t++) {
        if (classes[t] >= 0) {
          targets[t].putScalar(i, classes[t], 1f);
        }
      }
    }
    return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {features}, targets);
  }
}
