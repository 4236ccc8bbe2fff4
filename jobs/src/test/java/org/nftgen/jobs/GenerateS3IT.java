package org.nftgen.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * generate to {@code s3a://} through the launcher against a real S3-compatible server (S3Proxy on
 * 127.0.0.1), directly and through a proxy that injects errors and dropped connections.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GenerateS3IT {
  @TempDir
  static Path tmp;
  static S3Server s3;

  @BeforeAll
  static void startServer() {
    s3 = new S3Server(tmp.resolve("s3proxy"));
  }

  @AfterAll
  static void stopServer() {
    if (s3 != null) {
      s3.close();
    }
  }

  private static Launcher.Result generate(Path config, String prefix, String batch, int count, String... extra) {
    String[] base = {"--config", config.toString(), "--generator", Launcher.uri(Fixtures.trainedRun()),
        "--batch-id", batch, "--count", String.valueOf(count), "--seed", "5", "--output",
        "s3a://" + S3Server.BUCKET + "/" + prefix, "--set", "nftgen.generate.chunk=2"};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return Launcher.run(s3.environment(), "generate", all);
  }

  /** Checks the batch on the server itself: exactly the requested keys, each matching its manifest hash. */
  static JsonNode checkBatch(String batchPrefix, int count) throws Exception {
    Map<String, Long> listed = s3.list(batchPrefix + "/");
    Set<String> relative = new TreeSet<>();
    listed.keySet().forEach(k -> relative.add(k.substring(batchPrefix.length() + 1)));
    assertEquals(Fixtures.expectedKeys(count, 32, 64, 128), relative);
    JsonNode manifest = new ObjectMapper().readTree(s3.getString(batchPrefix + "/manifest.json"));
    for (JsonNode image : manifest.get("images")) {
      for (String side : new String[] {"32", "64", "128"}) {
        assertEquals(image.get("sha256").get(side).asText(),
            Fixtures.sha256(s3.get(batchPrefix + "/" + image.get("keys").get(side).asText())));
      }
    }
    JsonNode marker = new ObjectMapper().readTree(s3.getString(batchPrefix + "/_SUCCESS"));
    assertEquals(Fixtures.sha256(s3.get(batchPrefix + "/manifest.json")), marker.get("manifestSha256").asText());
    return manifest;
  }

  @Test
  @Order(1)
  void writesABatchToS3WithCredentialsFromTheEnvironmentOnly() throws Exception {
    Path config = s3.jobConfig(tmp, s3.endpoint());
    Launcher.Result r = generate(config, "daily", "20260101", 5);
    assertEquals(0, r.exitCode(), r.all());
    assertTrue(r.stdout().contains("generate: images in s3a://nftgen/daily/batch=20260101/"), r.stdout());
    JsonNode manifest = checkBatch("daily/batch=20260101", 5);
    assertEquals(3, manifest.get("counts").get("chunks").asInt());
    // The secret never shows: not in the logs, not in the saved configuration.
    assertFalse(r.all().contains(s3.credential), "the secret key was printed");
    assertFalse(s3.getString("daily/batch=20260101/manifest.json").contains(s3.credential));
    // The server itself holds the chunk records no longer.
    assertTrue(s3.list("daily/batch=20260101/_parts").isEmpty());
  }

  @Test
  @Order(2)
  void aFlakyStoreStillEndsWithExactlyTheRequestedObjects() throws Exception {
    // Faults stay on for every attempt: 503s, cut requests and responses lost after the store did
    // the work (a PUT or DELETE that the client then retries).
    try (FaultyProxy proxy = new FaultyProxy(s3.port, 0.08, 0.08, 0.08, 42)) {
      // Fail fast rather than wait out S3A's default back-off; Spark may retry a failed task
      // (local[2,4]: up to 4 attempts).
      Path config = s3.jobConfig(tmp, proxy.endpoint(), "fs.s3a.retry.interval=100ms",
          "fs.s3a.retry.throttle.interval=100ms", "fs.s3a.connection.establish.timeout=5000",
          "fs.s3a.connection.timeout=10000");
      List<Integer> exits = new ArrayList<>();
      Launcher.Result r;
      do {
        r = generate(config, "flaky", "b1", 6, "--master", "local[2,4]");
        exits.add(r.exitCode());
        if (r.exitCode() != 0) {
          // Failing is allowed, but cleanly: no marker; the next attempt (a scheduler's retry) goes on.
          assertFalse(s3.list("flaky/batch=b1/_SUCCESS").containsKey("flaky/batch=b1/_SUCCESS"), r.all());
        }
      } while (r.exitCode() != 0 && exits.size() < 4);
      assertEquals(0, r.exitCode(), "attempts " + exits + ": " + r.all());
      assertTrue(proxy.errors.get() >= 2 && proxy.cuts.get() >= 2 && proxy.lostResponses.get() >= 2,
          "faults injected: " + proxy.errors.get() + " 503s, " + proxy.cuts.get() + " cuts, "
              + proxy.lostResponses.get() + " lost responses in " + proxy.requests.get() + " requests");
      checkBatch("flaky/batch=b1", 6);
      System.out.printf("GenerateS3IT: %d requests on %d connections, %d answered 503, %d cut, %d responses lost; "
          + "attempts' exits %s%n", proxy.requests.get(), proxy.connections.get(), proxy.errors.get(), proxy.cuts.get(),
          proxy.lostResponses.get(), exits);
    }
  }

  /**
   * The notebooks, executed headless: the training-run explorer on the test run uploaded to S3,
   * the batch browser on the S3 batch of the first test. They need jupyter-nbconvert and the
   * Debian Python packages (.ci/run installs them); without them this fails rather than skip,
   * unless -Dnftgen.skipNotebooks=true says so explicitly.
   */
  @Test
  @Order(3)
  void theNotebooksRunHeadlessOnTheRunAndTheBatchInS3() throws Exception {
    if (Boolean.getBoolean("nftgen.skipNotebooks")) {
      System.out.println("GenerateS3IT: notebooks skipped by -Dnftgen.skipNotebooks=true");
      return;
    }
    String batch = "daily/batch=20260101";
    if (!s3.list(batch + "/_SUCCESS").containsKey(batch + "/_SUCCESS")) {
      assertEquals(0, generate(s3.jobConfig(tmp, s3.endpoint()), "daily", "20260101", 5).exitCode());
    }
    Path run = Fixtures.trainedRun();
    try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(run)) {
      for (Path f : (Iterable<Path>) walk.filter(java.nio.file.Files::isRegularFile)::iterator) {
        s3.client().putObject(S3Server.BUCKET, "runs/dcgan/" + run.relativize(f), f.toFile());
      }
    }
    Path executed = tmp.resolve("notebooks");
    for (String[] nb : new String[][] {{"training_run_explorer.ipynb", "NFTGEN_RUN", "s3://nftgen/runs/dcgan"},
        {"generation_batch_browser.ipynb", "NFTGEN_BATCH", "s3://nftgen/" + batch}}) {
      ProcessBuilder pb = new ProcessBuilder("jupyter", "nbconvert", "--to", "notebook", "--execute",
          "--ExecutePreprocessor.timeout=300", "--output-dir", executed.toString(),
          Launcher.HOME.resolve("notebooks").resolve(nb[0]).toString())
          .directory(Launcher.HOME.resolve("notebooks").toFile()).redirectErrorStream(true)
          .redirectOutput(tmp.resolve(nb[0] + ".log").toFile());
      pb.environment().put(nb[1], nb[2]);
      pb.environment().put("NFTGEN_S3_ENDPOINT", s3.endpoint());
      // The kernel draws inline (ipykernel sets the backend unless MPLBACKEND overrides it).
      pb.environment().remove("MPLBACKEND");
      pb.environment().put("PYTHONPYCACHEPREFIX", tmp.resolve("pycache").toString());
      pb.environment().putAll(s3.environment());
      Process p;
      try {
        p = pb.start();
      } catch (java.io.IOException e) {
        throw new AssertionError("jupyter is not installed (apt-get install jupyter-nbconvert python3-nbclient "
            + "python3-ipykernel python3-matplotlib python3-pandas python3-boto3), or pass -Dnftgen.skipNotebooks=true", e);
      }
      assertTrue(p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES), nb[0] + " timed out");
      String log = java.nio.file.Files.readString(tmp.resolve(nb[0] + ".log"));
      assertEquals(0, p.exitValue(), nb[0] + ": " + log);
      String out = java.nio.file.Files.readString(executed.resolve(nb[0]));
      assertFalse(out.contains("\"output_type\": \"error\""), nb[0] + " has an error cell");
      assertTrue(out.contains("image/png"), nb[0] + " drew no figure");
      if (nb[0].startsWith("generation")) {
        assertTrue(out.contains("images checked: 15, hash mismatches: 0"), out);
      } else {
        assertTrue(out.contains("round-00000002"), out);
      }
    }
  }
}
