package org.nftgen.traits;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.config.SettingsException;
import org.nftgen.data.DatasetReader;
import org.nftgen.data.TraitLabels;
import org.nftgen.image.Pixels;

/** The labelled images of a prepared dataset and the mini-batches the classifier trains on. */
public final class TraitExamples {
  private TraitExamples() {}

  /** One image with its traits. */
  public record Example(long index, Map<String, String> traits, byte[] rgb) implements Serializable {}

  /** The images with traits whose index is in [{@code from}, {@code to}), at {@code side} pixels. */
  public static JavaRDD<Example> read(SparkSession spark, Path dataset, int side, long from, long to) {
    var manifest = DatasetReader.manifest(dataset, spark.sparkContext().hadoopConfiguration());
    if (!manifest.path("shapes").has(org.nftgen.data.PreparedDataset.pixelsColumn(side))) {
      throw new SettingsException("Dataset " + dataset + " has no " + side + " px images (it has "
          + manifest.path("shapes") + "); set nftgen.traits.resolution to one of them");
    }
    if (manifest.path("metadata").path("imagesWithMetadata").asLong() == 0) {
      throw new SettingsException("Dataset " + dataset + " has no images with traits: prepare found no metadata "
          + "(see nftgen.prepare.metadata), so there is nothing to learn");
    }
    // Images without metadata teach a classifier nothing: only the labelled ones are examples.
    return DatasetReader.imagesWithTraits(spark, dataset, side, from, to).filter(r -> r._2()._2() != null)
        .map(r -> new Example(r._1(), r._2()._2(), r._2()._1()));
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
