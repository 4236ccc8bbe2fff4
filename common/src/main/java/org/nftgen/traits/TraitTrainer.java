package org.nftgen.traits;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nftgen.data.TraitLabels;
import org.nftgen.io.Json;
import org.nftgen.io.ProgressLog;
import org.nftgen.metrics.MetricsLog;
import org.nftgen.run.CheckpointStore;
import org.nftgen.run.StateCodec;

/**
 * Trains the trait classifier on Spark: supervised training of one network on labelled images,
 * which is what DL4J's {@link SparkComputationGraph} with a {@link ParameterAveragingTrainingMaster}
 * is for (each of {@code workers} fits {@code averaging-frequency} mini-batches from the same
 * parameters, then the driver averages them). After each epoch the held-out accuracy per trait
 * type is measured on the driver, a line goes to {@code metrics.jsonl} and a checkpoint
 * ({@code round-<epoch>}: parameters and labels) is committed.
 */
public final class TraitTrainer {
  private TraitTrainer() {}

  /** Trains for {@code settings.epochs()}; returns the last epoch's held-out accuracy per type. */
  public static ObjectNode train(JavaSparkContext sc, TraitSettings settings, TraitLabels labels,
      JavaRDD<TraitExamples.Example> training, List<TraitExamples.Example> heldOut, Path runDir,
      Configuration conf) {
    ComputationGraph initial = new ComputationGraph(TraitClassifierModel.graph(settings, labels));
    initial.init();
    // Direct: the workers read the RDD's batches in place (the default exports them to files first).
    ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(settings.workers(),
        settings.batch()).batchSizePerWorker(settings.batch()).averagingFrequency(settings.averagingFrequency())
        .workerPrefetchNumBatches(0).rddTrainingApproach(RDDTrainingApproach.Direct).rngSeed(settings.seed())
        .build();
    SparkComputationGraph spark = new SparkComputationGraph(sc, initial, master);
    training.persist(StorageLevel.MEMORY_AND_DISK());
    CheckpointStore store = new CheckpointStore(runDir, conf);
    MetricsLog log = MetricsLog.fresh(runDir, conf);
    ObjectNode accuracy = Json.object();
    for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
      long start = System.nanoTime();
      JavaRDD<MultiDataSet> batches = TraitExamples.batches(training, labels, settings.resolution(), settings.batch(),
          settings.seed() * 1_000_003L + epoch);
      ComputationGraph net = spark.fitMultiDataSet(batches);
      double seconds = (System.nanoTime() - start) / 1e9;
      accuracy = TraitAccuracy.of(net, labels, heldOut, settings.resolution(), settings.batch());
      Map<String, byte[]> files = new LinkedHashMap<>();
      files.put(TraitClassifier.STATE, StateCodec.encode(new TraitClassifier.State(net.params().toFloatVector())));
      files.put(TraitClassifier.LABELS, labels.toJson());
      store.write(epoch, files);
      ObjectNode record = Json.object();
      record.put("round", epoch);
      record.put("loss", spark.getScore());
      record.put("seconds", Math.round(seconds * 1000) / 1000.0);
      record.set("heldOutAccuracy", accuracy);
      log.append(record);
      ProgressLog.format("train-traits: epoch %d/%d in %.1f s, loss %.4f, held-out accuracy %s", epoch,
          settings.epochs(), seconds, spark.getScore(), summary(accuracy));
    }
    training.unpersist();
    return accuracy;
  }

  private static String summary(ObjectNode accuracy) {
    StringBuilder sb = new StringBuilder();
    accuracy.fields().forEachRemaining(e -> sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
        .append(e.getValue().get("accuracy").asDouble()));
    return sb.toString();
  }
}
