package org.nftgen.averaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftgen.io.FullDiskFileSystem;
import org.nftgen.metrics.LossCurves;
import org.nftgen.metrics.MetricsLog;
import org.nftgen.run.CheckpointStore;

/** The driver loop: metrics, checkpoints, resume, crashes mid-checkpoint and divergence. */
class TrainingRunTest {
  static SparkSession spark;
  static JavaSparkContext sc;
  @TempDir
  Path tmp;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("training-run").config("spark.ui.enabled", "false")
        .getOrCreate();
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static TrainSettings settings(long rounds, boolean resume) {
    return new TrainSettings("unused", "unused", 2, 3, rounds, 0, 0.1, 2, 2, 2, 8, 64, resume, false);
  }

  private static JavaRDD<byte[]> shards() {
    List<byte[]> images = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      images.add(new byte[] {(byte) (i + 1)});
    }
    return sc.parallelize(images, 2).cache();
  }

  private TestStates.Vec train(Path run, long rounds, boolean resume, LocalTrainer<TestStates.Vec> trainer,
      List<Long> sampled) {
    return train(new org.apache.hadoop.fs.Path(run.toUri()), new Configuration(), rounds, resume, trainer, sampled);
  }

  private TestStates.Vec train(org.apache.hadoop.fs.Path run, Configuration conf, long rounds, boolean resume,
      LocalTrainer<TestStates.Vec> trainer, List<Long> sampled) {
    AveragingLoop<TestStates.Vec> loop = new AveragingLoop<>(sc, trainer, 3);
    return new TrainingRun<>("test", settings(rounds, resume), run, conf, loop, TestStates.Vec.class)
        .run(shards(), () -> new TestStates.Vec(new float[] {0, 1}, new float[] {2}, 0), (s, r) -> sampled.add(r));
  }

  /**
   * The disk fills up at each file write of rounds 4-6 in turn (checkpoint states, markers, the
   * metrics log, the loss plot): the run stops with an error naming the file, and a resume once
   * there is room again ends exactly where the uninterrupted run does.
   */
  @Test
  void aFullDiskAtAnyWriteStopsTheRunAndAResumeEndsWhereTheUninterruptedRunDoes() throws Exception {
    TestStates.Vec uninterrupted = train(tmp.resolve("whole"), 6, false, new TestStates.AddShard(), new ArrayList<>());
    Configuration conf = FullDiskFileSystem.configure(new Configuration());
    org.apache.hadoop.fs.Path counted = FullDiskFileSystem.of(tmp.resolve("counted"));
    FullDiskFileSystem.reset(0);
    train(counted, conf, 3, false, new TestStates.AddShard(), new ArrayList<>());
    FullDiskFileSystem.reset(0);
    train(counted, conf, 6, true, new TestStates.AddShard(), new ArrayList<>());
    int creates = FullDiskFileSystem.CREATES.get();
    assertTrue(creates >= 6, "files written in rounds 4-6: " + creates);
    try {
      for (int k = 1; k <= creates; k++) {
        org.apache.hadoop.fs.Path run = FullDiskFileSystem.of(tmp.resolve("full-" + k));
        FullDiskFileSystem.reset(0);
        train(run, conf, 3, false, new TestStates.AddShard(), new ArrayList<>());
        FullDiskFileSystem.reset(k);
        RuntimeException e = assertThrows(RuntimeException.class,
            () -> train(run, conf, 6, true, new TestStates.AddShard(), new ArrayList<>()), "write " + k);
        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains("No space left on device") && message.contains(run.toUri().getPath()),
            "write " + k + ": " + message);
        FullDiskFileSystem.reset(0);
        TestStates.Vec resumed = train(run, conf, 6, true, new TestStates.AddShard(), new ArrayList<>());
        assertArrayEquals(uninterrupted.a(), resumed.a(), "write " + k);
        assertArrayEquals(uninterrupted.b(), resumed.b(), "write " + k);
        assertEquals(uninterrupted.steps(), resumed.steps(), "write " + k);
        assertEquals(6, new CheckpointStore(run, conf).latest().orElseThrow().round(), "write " + k);
      }
    } finally {
      FullDiskFileSystem.reset(0);
    }
  }

  @Test
  void writesMetricsCheckpointsAndSamplesOnSchedule() throws Exception {
    Path run = tmp.resolve("run");
    List<Long> sampled = new ArrayList<>();
    train(run, 5, false, new TestStates.AddShard(), sampled);
    assertEquals(5, Files.readAllLines(run.resolve(MetricsLog.FILE)).size());
    String first = Files.readAllLines(run.resolve(MetricsLog.FILE)).get(0);
    for (String field : List.of("\"round\":1", "timing/round", "timing/averaging", "images/s", "shardSize")) {
      assertTrue(first.contains(field), field + " missing in " + first);
    }
    CheckpointStore store = new CheckpointStore(new org.apache.hadoop.fs.Path(run.toUri()), new Configuration());
    // Every 2 rounds and after the last; only the newest 2 are kept.
    assertEquals(List.of(4L, 5L), store.committed().stream().map(CheckpointStore.Checkpoint::round).toList());
    assertEquals(List.of(2L, 4L, 5L), sampled);
    assertTrue(Files.size(run.resolve(LossCurves.FILE)) > 0);
  }

  @Test
  void aResumedRunReproducesTheUninterruptedOneEvenAfterACrashMidCheckpoint() throws Exception {
    TestStates.Vec uninterrupted = train(tmp.resolve("whole"), 6, false, new TestStates.AddShard(), new ArrayList<>());

    Path run = tmp.resolve("interrupted");
    train(run, 3, false, new TestStates.AddShard(), new ArrayList<>());
    // A crash while writing the checkpoint of round 4: files, no commit marker.
    Path partial = Files.createDirectories(run.resolve("checkpoints/round-00000004"));
    Files.write(partial.resolve(TrainingRun.STATE), new byte[] {1, 2, 3});
    TestStates.Vec resumed = train(run, 6, true, new TestStates.AddShard(), new ArrayList<>());

    assertArrayEquals(uninterrupted.a(), resumed.a());
    assertArrayEquals(uninterrupted.b(), resumed.b());
    assertEquals(uninterrupted.steps(), resumed.steps());
    List<String> lines = Files.readAllLines(run.resolve(MetricsLog.FILE));
    assertEquals(6, lines.size()); // rounds 1-3, then 4-6 after the resume
    assertTrue(lines.get(3).startsWith("{\"round\":4,"), lines.get(3));
  }

  /** NaN that only the averaged state shows (every loss finite) stops the run before it is saved. */
  @Test
  void aNanInTheAveragedStateStopsTheRunBeforeItIsSaved() throws Exception {
    Path run = tmp.resolve("nan-state");
    Divergence.DivergedException e = assertThrows(Divergence.DivergedException.class,
        () -> train(run, 6, false, new TestStates.PoisonsStateAt(3), new ArrayList<>()));
    assertTrue(e.getMessage().contains("round 3: state array 1 holds NaN"), e.getMessage());
    CheckpointStore store = new CheckpointStore(new org.apache.hadoop.fs.Path(run.toUri()), new Configuration());
    assertEquals(2, store.latest().orElseThrow().round());
    assertEquals(2, Files.readAllLines(run.resolve(MetricsLog.FILE)).size());
  }

  @Test
  void divergenceStopsTheRunAndKeepsTheLastGoodCheckpoint() throws Exception {
    Path run = tmp.resolve("nan");
    Divergence.DivergedException e = assertThrows(Divergence.DivergedException.class,
        () -> train(run, 6, false, new TestStates.DivergesAt(3), new ArrayList<>()));
    assertTrue(e.getMessage().contains("round 3"), e.getMessage());
    assertTrue(e.getMessage().contains("loss/g = NaN"), e.getMessage());
    assertTrue(e.getMessage().contains("last good checkpoint is round 2"), e.getMessage());
    CheckpointStore store = new CheckpointStore(new org.apache.hadoop.fs.Path(run.toUri()), new Configuration());
    assertEquals(2, store.latest().orElseThrow().round());
    store.read(store.latest().orElseThrow()); // intact: hashes verify
    assertEquals(2, Files.readAllLines(run.resolve(MetricsLog.FILE)).size());
  }
}
