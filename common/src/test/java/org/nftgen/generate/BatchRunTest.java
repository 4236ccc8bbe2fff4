package org.nftgen.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftgen.config.ConfigLayers;
import org.nftgen.config.ResolvedConfig;
import org.nftgen.dcgan.DcganModels;
import org.nftgen.gan.GanStep;
import org.nftgen.io.FullDiskFileSystem;
import org.nftgen.run.CheckpointStore;
import org.nftgen.run.JobNames;
import org.nftgen.run.RunFolder;
import org.nftgen.run.StateCodec;
import org.nftgen.run.WriterLease;

/** A batch written while the disk fills up: a clear error, and a re-run that ends with the exact batch. */
class BatchRunTest {
  /** Every attempt writes the same batch (its images depend on the id), each under its own prefix. */
  private static final String ID = "b";
  static SparkSession spark;
  @TempDir
  Path tmp;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("batch-run").config("spark.ui.enabled", "false")
        .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void aFullDiskAtAnyWriteOfABatchFailsNamingTheFileAndARerunEndsWithTheExactBatch() throws Exception {
    Configuration conf = FullDiskFileSystem.configure(new Configuration());
    org.apache.hadoop.fs.Path run = new org.apache.hadoop.fs.Path(tmp.resolve("run").toUri());
    Files.createDirectories(tmp.resolve("run"));
    Files.writeString(tmp.resolve("run/config.conf"), ResolvedConfig.render(GenerationTest.CONFIG
        .withValue(RunFolder.JOB_KEY, ConfigValueFactory.fromAnyRef(JobNames.TRAIN_DCGAN))
        .withValue("nftgen.train.input", ConfigValueFactory.fromAnyRef(tmp.resolve("dataset").toUri().toString()))
        .withValue("nftgen.train.output", ConfigValueFactory.fromAnyRef(run.toString()))));
    try (GanStep gan = DcganModels.newGan(GenerationTest.TINY)) {
      new CheckpointStore(run, conf).write(1, Map.of(CheckpointStore.STATE, StateCodec.encode(gan.snapshot())));
    }

    // The reference: the batch written with room on the disk; how many files that creates.
    FullDiskFileSystem.reset(0);
    Map<String, byte[]> expected = write(conf, run, "reference");
    int creates = FullDiskFileSystem.CREATES.get();
    assertTrue(expected.keySet().containsAll(java.util.List.of("16/0.png", "64/4.png", "metadata/4.json",
        BatchLayout.MANIFEST, BatchLayout.MARKER)), expected.keySet().toString());
    assertTrue(creates > expected.size(), creates + " creates for " + expected.size() + " files");

    for (int k = 1; k <= creates; k += 2) {
      String batch = "full-" + k; // the prefix of this attempt
      FullDiskFileSystem.reset(k);
      Exception e = assertThrows(Exception.class, () -> write(conf, run, batch), "create " + k);
      String message = rootMessage(e);
      assertTrue(message.contains("No space left on device") && message.contains(batch + "/batch=" + ID),
          "create " + k + " must fail naming the file: " + message);
      assertFalse(Files.exists(batchDir(batch).resolve(BatchLayout.MARKER)), "a batch that failed is marked complete");
      // The run again with room: exactly the reference batch, byte for byte, no leftovers.
      FullDiskFileSystem.reset(0);
      Map<String, byte[]> again = write(conf, run, batch);
      assertEquals(expected.keySet(), again.keySet(), "create " + k);
      for (String key : expected.keySet()) {
        if (!key.equals(BatchLayout.MANIFEST) && !key.equals(BatchLayout.MARKER)) {
          assertTrue(java.util.Arrays.equals(expected.get(key), again.get(key)), "create " + k + ": " + key);
        }
      }
    }
  }

  /** Writes batch {@value #ID} of 5 images under {@code prefix} on the {@code full:} file system; returns its files. */
  private Map<String, byte[]> write(Configuration conf, org.apache.hadoop.fs.Path run, String prefix) throws Exception {
    Config config = new ConfigLayers()
        .override("nftgen.generate.generator", run.toString(), "test")
        .override("nftgen.generate.output", FullDiskFileSystem.of(tmp.resolve(prefix)).toString(), "test")
        .override("nftgen.generate.batch-id", ID, "test")
        .override("nftgen.generate.count", "5", "test")
        .override("nftgen.generate.chunk", "2", "test")
        .override("nftgen.generate.metadata.novelty", "false", "test")
        .override("nftgen.denoise.palette.mode", "off", "test") // the run names no dataset to take a palette from
        .override("nftgen.denoise.pixel-grid.mode", "off", "test") // nor a pixel grid
        .override("nftgen.denoise.method", "none", "test").load();
    GenerateSettings s = GenerateSettings.from(config);
    GenerateInputs inputs = GenerateInputs.read(s, conf);
    org.apache.hadoop.fs.Path dir = BatchLayout.batchDir(new org.apache.hadoop.fs.Path(s.output()), ID);
    try (WriterLease lease = WriterLease.acquire(dir, "Batch " + ID, 600, conf)) {
      new BatchRun(spark, conf, config).write(s, inputs, dir, lease,
          System.nanoTime());
    }
    Map<String, byte[]> files = new TreeMap<>();
    Path local = batchDir(prefix);
    try (Stream<Path> all = Files.walk(local)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        files.put(local.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return files;
  }

  private Path batchDir(String prefix) {
    return tmp.resolve(prefix).resolve("batch=" + ID);
  }

  private static String rootMessage(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append(" | ");
    }
    return all.toString();
  }
}
