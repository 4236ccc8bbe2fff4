package org.nftgen.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train-dcgan and generate through the launcher on a Spark standalone cluster (a master and two
 * workers, separate JVMs on 127.0.0.1); one worker is killed while training runs.
 */
class StandaloneClusterIT {
  @TempDir
  static Path tmp;

  private static final String[] CLUSTER_CONF = {"--conf", "spark.executor.memory=1g", "--conf",
      "spark.executor.cores=1", "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.ui.enabled=false",
      "--conf", "spark.executorEnv.OMP_NUM_THREADS=1"};

  private static String[] args(String master, String... job) {
    String[] all = new String[2 + CLUSTER_CONF.length + job.length];
    all[0] = "--master";
    all[1] = master;
    System.arraycopy(CLUSTER_CONF, 0, all, 2, CLUSTER_CONF.length);
    System.arraycopy(job, 0, all, 2 + CLUSTER_CONF.length, job.length);
    return all;
  }

  @Test
  void trainsThroughALostWorkerAndGeneratesOnTheCluster() throws Exception {
    Path dataset = Fixtures.dataset();
    try (StandaloneCluster cluster = new StandaloneCluster(tmp.resolve("cluster"), 2, 1, "2g")) {
      // The same training with no worker lost: what the interrupted run must end with.
      Path uninterrupted = tmp.resolve("uninterrupted");
      Launcher.Result whole = Launcher.run(Map.of("SPARK_LOCAL_IP", "127.0.0.1"), "train-dcgan", args(cluster.url(),
          "--config", "conf/smoke.conf", "--input", Launcher.uri(dataset), "--output", Launcher.uri(uninterrupted),
          "--rounds", "5"));
      assertEquals(0, whole.exitCode(), whole.all());
      Path run = tmp.resolve("run");
      Path out = tmp.resolve("train.out");
      Path err = tmp.resolve("train.err");
      Process train = Launcher.start(Map.of("SPARK_LOCAL_IP", "127.0.0.1"), out, err, "train-dcgan",
          args(cluster.url(), "--config", "conf/smoke.conf", "--input", Launcher.uri(dataset), "--output",
              Launcher.uri(run), "--rounds", "5"));
      // Wait for the first round to finish on both workers, then take one away.
      Path metrics = run.resolve("metrics.jsonl");
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
      while ((!Files.exists(metrics) || Files.readAllLines(metrics).isEmpty()) && train.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertTrue(train.isAlive(), "training ended before a worker could be killed: " + Files.readString(err));
      int roundsBefore = Files.readAllLines(metrics).size();
      assertTrue(roundsBefore < 5, "rounds done before the kill: " + roundsBefore);
      cluster.killWorker(1);
      assertTrue(train.waitFor(5, TimeUnit.MINUTES), "training did not finish after the worker was lost");
      assertEquals(0, train.exitValue(), Files.readString(out) + Files.readString(err));
      assertEquals(5, Files.readAllLines(metrics).size());
      // Both workers (shards) trained in every round, those after the kill too: the lost worker's
      // tasks ran again on the executor that was left, none was averaged away.
      for (String line : Files.readAllLines(metrics)) {
        assertEquals(2, new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).get("workers").asInt(), line);
      }
      assertTrue(Files.exists(run.resolve("checkpoints/round-00000005/_COMMITTED")));
      String log = Files.readString(err);
      assertTrue(log.contains("Lost executor") || log.contains("ExecutorLost") || log.contains("removed"),
          "the driver never noticed the lost worker");
      assertEquals(1, cluster.aliveWorkers());
      // A lost worker's round is recomputed from the broadcast state with the same per-(round,
      // worker) seed and shard, so the run ends bit for bit where the uninterrupted one does.
      assertArrayEquals(Files.readAllBytes(uninterrupted.resolve("checkpoints/round-00000005/state.bin")),
          Files.readAllBytes(run.resolve("checkpoints/round-00000005/state.bin")),
          "the run that lost a worker ended with another state than the uninterrupted run");

      Path prefix = tmp.resolve("batches");
      Launcher.Result g = Launcher.run(Map.of("SPARK_LOCAL_IP", "127.0.0.1"), "generate", args(cluster.url(),
          "--config", "conf/smoke.conf", "--generator", Launcher.uri(run), "--batch-id", "cluster", "--count", "4",
          "--set", "nftgen.generate.chunk=2", "--output", Launcher.uri(prefix)));
      assertEquals(0, g.exitCode(), g.all());
      JsonNode manifest = Fixtures.checkBatch(prefix.resolve("batch=cluster"), 4, 32, 64, 128);
      assertEquals("round-00000005", manifest.get("models").get("generator").get("checkpoint").asText());
      System.out.printf("StandaloneClusterIT: worker killed after %d of 5 rounds; the run completed%n", roundsBefore);
    }
  }
}
