package org.nftgen.averaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The averaging mechanics on a real local[2] Spark, with a model whose update is known exactly. */
class AveragingLoopTest {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("averaging").config("spark.ui.enabled", "false")
        .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** A state of two arrays plus a counter that must not be averaged. */
  record Vec(float[] a, float[] b, long steps) implements Averageable<Vec> {
    @Override
    public float[][] arrays() {
      return new float[][] {a, b};
    }

    @Override
    public Vec withArrays(float[][] arrays) {
      return new Vec(arrays[0], arrays[1], steps);
    }
  }

  /** Each iteration adds the shard's first byte (and the worker number) to every value. */
  static final class AddShard implements LocalTrainer<Vec> {
    @Override
    public Report<Vec> train(Vec start, List<byte[]> shard, int worker, long round, int iterations) {
      float[] a = start.a().clone();
      float[] b = start.b().clone();
      for (int it = 0; it < iterations; it++) {
        for (int i = 0; i < a.length; i++) {
          a[i] += shard.get(0)[0];
        }
        for (int i = 0; i < b.length; i++) {
          b[i] += worker;
        }
      }
      return new Report<>(new Vec(a, b, start.steps() + iterations), Map.of("shardSize", (double) shard.size()),
          (long) shard.size() * iterations, 0.01);
    }
  }

  private static JavaRDD<byte[]> shards(int workers, byte... firstBytes) {
    List<byte[]> images = new ArrayList<>();
    for (byte b : firstBytes) {
      images.add(new byte[] {b});
    }
    return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(images, workers).cache();
  }

  @Test
  void averagedStateIsTheMeanOfTheWorkersStates() {
    AveragingLoop<Vec> loop = new AveragingLoop<>(JavaSparkContext.fromSparkContext(spark.sparkContext()),
        new AddShard(), 3);
    // Two workers: shard 0 = {10, 11}, shard 1 = {20, 21, 22}.
    JavaRDD<byte[]> data = shards(2, (byte) 10, (byte) 11, (byte) 20, (byte) 21, (byte) 22);
    AveragingLoop.Round<Vec> r = loop.run(data, new Vec(new float[] {1, 2}, new float[] {0.5f}, 7), 1);
    // Worker 0: a + 3 x 10, b + 0; worker 1: a + 3 x 20, b + 3 x 1. Mean: a + 45, b + 1.5.
    assertArrayEquals(new float[] {46, 47}, r.state().a());
    assertArrayEquals(new float[] {2.0f}, r.state().b());
    assertEquals(10, r.state().steps()); // counters are carried, not averaged
    assertEquals(2, r.workers());
    assertEquals(2.5, r.metrics().get("shardSize"), 1e-12); // mean of 2 and 3
    assertEquals(15, r.images());
  }

  @Test
  void oneWorkerPassesItsStateThroughUnchanged() {
    AveragingLoop<Vec> loop = new AveragingLoop<>(JavaSparkContext.fromSparkContext(spark.sparkContext()),
        new AddShard(), 2);
    Vec start = new Vec(new float[] {0.1f, 1e-7f, 3.3333333f}, new float[] {-2.5f}, 0);
    AveragingLoop.Round<Vec> r = loop.run(shards(1, (byte) 3), start, 1);
    Vec direct = new AddShard().train(start, List.of(new byte[] {3}), 0, 1, 2).state();
    assertArrayEquals(direct.a(), r.state().a()); // bit for bit: the average of one is itself
    assertArrayEquals(direct.b(), r.state().b());
  }

  @Test
  void workersWithoutImagesSitOut() {
    AveragingLoop<Vec> loop = new AveragingLoop<>(JavaSparkContext.fromSparkContext(spark.sparkContext()),
        new AddShard(), 1);
    AveragingLoop.Round<Vec> r = loop.run(shards(3, (byte) 4), new Vec(new float[] {0}, new float[] {0}, 0), 1);
    assertEquals(1, r.workers());
    assertArrayEquals(new float[] {4}, r.state().a());
  }
}
