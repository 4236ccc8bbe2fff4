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

  private static JavaRDD<byte[]> shards(int workers, byte... firstBytes) {
    List<byte[]> images = new ArrayList<>();
    for (byte b : firstBytes) {
      images.add(new byte[] {b});
    }
    return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(images, workers).cache();
  }

  @Test
  void averagedStateIsTheMeanOfTheWorkersStates() {
    AveragingLoop<TestStates.Vec> loop = new AveragingLoop<>(JavaSparkContext.fromSparkContext(spark.sparkContext()),
        new TestStates.AddShard(), 3);
    // Two workers: shard 0 = {10, 11}, shard 1 = {20, 21, 22}.
    JavaRDD<byte[]> data = shards(2, (byte) 10, (byte) 11, (byte) 20, (byte) 21, (byte) 22);
    AveragingLoop.Round<TestStates.Vec> r = loop.run(data, new TestStates.Vec(new float[] {1, 2}, new float[] {0.5f}, 7), 1);
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
    AveragingLoop<TestStates.Vec> loop = new AveragingLoop<>(JavaSparkContext.fromSparkContext(spark.sparkContext()),
        new TestStates.AddShard(), 2);
    TestStates.Vec start = new TestStates.Vec(new float[] {0.1f, 1e-7f, 3.3333333f}, new float[] {-2.5f}, 0);
    AveragingLoop.Round<TestStates.Vec> r = loop.run(shards(1, (byte) 3), start, 1);
    TestStates.Vec direct = new TestStates.AddShard().train(start, List.of(new byte[] {3}), 0, 1, 2).state();
    assertArrayEquals(direct.a(), r.state().a()); // bit for bit: the average of one is itself
    assertArrayEquals(direct.b(), r.state().b());
  }

  @Test
  void workersWithoutImagesSitOut() {
    AveragingLoop<TestStates.Vec> loop = new AveragingLoop<>(JavaSparkContext.fromSparkContext(spark.sparkContext()),
        new TestStates.AddShard(), 1);
    AveragingLoop.Round<TestStates.Vec> r = loop.run(shards(3, (byte) 4), new TestStates.Vec(new float[] {0}, new float[] {0}, 0), 1);
    assertEquals(1, r.workers());
    assertArrayEquals(new float[] {4}, r.state().a());
  }
}
