package org.nftgen.averaging;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * One round of synchronous parameter averaging on Spark: broadcast the state, let every
 * partition (one worker per shard) run its local iterations, and average the returned states on
 * the way back with {@code treeAggregate}. Model-agnostic: the DCGAN, the SRGAN's adversarial phase
 * and the blend GAN all run through it.
 */
public final class AveragingLoop<S extends Averageable<S>> {
  private final JavaSparkContext spark;
  private final LocalTrainer<S> trainer;
  private final int iterations;

  public AveragingLoop(JavaSparkContext spark, LocalTrainer<S> trainer, int iterations) {
    this.spark = spark;
    this.trainer = trainer;
    this.iterations = iterations;
  }

  /** The averaged state, the workers' metrics averaged too, and how long the round took. */
  public record Round<S>(S state, Map<String, Double> metrics, long images, int workers, double seconds,
      double workerSeconds) implements Serializable {}

  /** Runs one round over {@code shards}: one partition per worker, cached by the caller. */
  public Round<S> run(JavaRDD<byte[]> shards, S state, long round) {
    long start = System.nanoTime();
    // As raw float blocks (Shipped): Java serialization writes a float array one value at a time.
    Broadcast<Shipped<S>> shared = spark.broadcast(new Shipped<>(state));
    LocalTrainer<S> work = trainer;
    int steps = iterations;
    JavaRDD<Partial<S>> reports = shards.mapPartitionsWithIndex((worker, images) -> {
      List<byte[]> shard = new ArrayList<>();
      images.forEachRemaining(shard::add);
      if (shard.isEmpty()) {
        return java.util.Collections.emptyIterator(); // more workers than images: this one sits out
      }
      LocalTrainer.Report<S> report = work.train(shared.value().state(), shard, worker, round, steps);
      return List.of(Partial.of(report, worker)).iterator();
    }, false);
    Partial<S> total = reports.treeAggregate(new Partial<S>(), Partial::merge, Partial::merge);
    shared.destroy();
    if (total.sum.count() == 0) {
      throw new IllegalStateException("no worker had any training images");
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    total.metricSums.forEach((k, v) -> metrics.put(k, v / total.sum.count()));
    return new Round<>(total.sum.mean(), metrics, total.images, (int) total.sum.count(),
        (System.nanoTime() - start) / 1e9, total.maxWorkerSeconds);
  }

  /** A partial aggregate of worker reports. */
  static final class Partial<S extends Averageable<S>> implements Serializable {
    private static final long serialVersionUID = 1L;
    StateSum<S> sum = new StateSum<>();
    final Map<String, Double> metricSums = new LinkedHashMap<>();
    long images;
    double maxWorkerSeconds;

    static <S extends Averageable<S>> Partial<S> of(LocalTrainer.Report<S> report, int worker) {
      Partial<S> p = new Partial<>();
      p.sum.add(report.state(), worker);
      p.metricSums.putAll(report.metrics());
      p.images = report.images();
      p.maxWorkerSeconds = report.seconds();
      return p;
    }

    Partial<S> merge(Partial<S> other) {
      sum = sum.merge(other.sum);
      other.metricSums.forEach((k, v) -> metricSums.merge(k, v, Double::sum));
      images += other.images;
      maxWorkerSeconds = Math.max(maxWorkerSeconds, other.maxWorkerSeconds);
      return this;
    }

  }
}
