package org.nftgen.srgan;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.nftgen.io.ProgressLog;

/**
 * Phase 1 of the SRGAN: the generator alone (SRResNet) fitted to the pixel MSE between its output
 * and the HR patches, with Deeplearning4j's own Spark trainer ({@link SparkComputationGraph} with a
 * {@link ParameterAveragingTrainingMaster}): plain supervised regression, exactly what that trainer
 * was built for. Its parameters seed phase 2.
 *
 * <p>Each epoch is one {@code fit} over an RDD of fresh random patch pairs, drawn on the executors
 * from each worker's shard of HR images (one Spark partition per worker); a pair's patch derives
 * from (seed, epoch, worker), so the data are reproducible.
 *
 * <p>Settings of the training master, and why (dl4j-spark_2.12 1.0.0-M2 on Spark 3.5.9 / Java 17):
 * {@code RDDTrainingApproach.Direct}, because the default ({@code Export}) first writes every
 * DataSet to files under {@code hadoop.tmp.dir/dl4j/}, a needless round trip for patches made on
 * the fly; {@code Repartition.Never}, because the RDD already has one partition per worker and a
 * repartition would shuffle every patch; no prefetch threads ({@code workerPrefetchNumBatches(0)})
 * because the batches are already in memory. The Spark wrapper's score is the one to read: the
 * network's own {@code score()} is 0 after a Spark fit (docs/notes.md).
 */
public final class ContentPretraining {
  private ContentPretraining() {}

  /**
   * One epoch's outcome: DL4J's score of its last minibatches, and what it took. DL4J's CNN loss
   * layer sums the per-pixel MSE over the pixels of an image (and averages over images), so the
   * score is {@code hrCrop^2} times the per-pixel MSE that phase 2 reports as loss/content.
   */
  public record Epoch(int epoch, double score, double pixelMse, long pairs, double seconds) {}

  /**
   * Runs up to {@code s.pretrainEpochs()} epochs (fewer when {@code s.pretrainMinutes()} runs out),
   * starting from {@code initial}'s parameters; returns the trained generator (with its loss layer).
   *
   * @param hrShards HR images of {@code s.hrResolution()}, one partition per worker, cached
   */
  public static ComputationGraph run(JavaSparkContext spark, JavaRDD<byte[]> hrShards, int workers, SrganSettings s,
      ComputationGraph initial, Consumer<Epoch> onEpoch) {
    ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(workers, s.batch())
        .batchSizePerWorker(s.batch())
        .averagingFrequency(s.pretrainAveragingFrequency())
        .workerPrefetchNumBatches(0)
        .rddTrainingApproach(RDDTrainingApproach.Direct)
        .repartionData(Repartition.Never)
        .saveUpdater(true)
        .collectTrainingStats(false)
        .rngSeed(s.seed())
        .build();
    SparkComputationGraph net = new SparkComputationGraph(spark, initial, master);
    long started = System.nanoTime();
    int perWorker = Math.max(s.batch(), s.pretrainCropsPerEpoch() / workers);
    for (int epoch = 1; epoch <= s.pretrainEpochs(); epoch++) {
      long epochStart = System.nanoTime();
      JavaRDD<DataSet> pairs = hrShards.mapPartitionsWithIndex(batches(s, epoch, perWorker), false);
      net.fit(pairs);
      double seconds = (System.nanoTime() - epochStart) / 1e9;
      double score = net.getScore();
      onEpoch.accept(new Epoch(epoch, score, score / ((double) s.hrCrop() * s.hrCrop()), (long) perWorker * workers,
          seconds));
      double minutes = (System.nanoTime() - started) / 60e9;
      if (s.pretrainMinutes() > 0 && minutes >= s.pretrainMinutes() && epoch < s.pretrainEpochs()) {
        ProgressLog.format("train-srgan: phase 1 stops after epoch %d: pretrain-minutes %.1f reached", epoch,
            s.pretrainMinutes());
        break;
      }
    }
    return net.getNetwork();
  }

  /** A fresh phase-1 generator (with its MSE loss layer) initialised from the seed. */
  public static ComputationGraph newGenerator(SrganSettings s) {
    ComputationGraph g = new ComputationGraph(SrganModels.generator(s, true));
    g.init();
    return g;
  }

  /** A partition's patch pairs for one epoch, as DataSets of one batch each. */
  private static org.apache.spark.api.java.function.Function2<Integer, Iterator<byte[]>, Iterator<DataSet>> batches(
      SrganSettings s, int epoch, int perWorker) {
    return (worker, images) -> {
      List<byte[]> shard = new ArrayList<>();
      images.forEachRemaining(shard::add);
      if (shard.isEmpty()) {
        return java.util.Collections.emptyIterator();
      }
      // Its own stream per (seed, epoch, worker); SplittableRandom scrambles the seed it is given.
      SplittableRandom random = new SplittableRandom(s.seed() ^ ((long) epoch << 32) ^ ((long) worker << 16));
      List<DataSet> out = new ArrayList<>();
      for (int done = 0; done < perWorker; done += s.batch()) {
        Patches.Batch b = Patches.draw(shard, s, random, Math.min(s.batch(), perWorker - done));
        out.add(new DataSet(b.lr(), b.target()));
      }
      return out.iterator();
    };
  }
}
