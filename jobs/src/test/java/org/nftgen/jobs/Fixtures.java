package org.nftgen.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What several integration tests need and is slow to make: a smoke-sized dataset and a DCGAN run
 * trained on it for 2 rounds, made once per test JVM (failsafe runs the test classes in one) under
 * jobs/target/it-fixtures. Also the checks every batch must pass.
 */
final class Fixtures {
  static final Path ROOT = Launcher.HOME.resolve("jobs/target/it-fixtures");
  private static Path run;

  private Fixtures() {}

  static synchronized Path dataset() {
    Path dataset = ROOT.resolve("p/dataset");
    if (!Files.exists(dataset.resolve("manifest.json"))) {
      Launcher.Result r = Launcher.run("pipeline", "--config", "conf/smoke.conf", "--set", "nftgen.pipeline.until=prepare",
          "--output", Launcher.uri(ROOT.resolve("p")));
      assertEquals(0, r.exitCode(), r.all());
    }
    return dataset;
  }

  /** A train-dcgan run folder, 2 rounds of the smoke model (32 px). */
  static synchronized Path trainedRun() {
    if (run == null) {
      Path folder = ROOT.resolve("run-" + ProcessHandle.current().pid());
      Launcher.Result r = Launcher.run("train-dcgan", "--config", "conf/smoke.conf", "--input", Launcher.uri(dataset()),
          "--output", Launcher.uri(folder), "--rounds", "2");
      assertEquals(0, r.exitCode(), r.all());
      run = folder;
    }
    return run;
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The keys a complete batch of {@code count} images at {@code sides} consists of. */
  static Set<String> expectedKeys(long count, int... sides) {
    Set<String> keys = new TreeSet<>(Set.of("manifest.json", "_SUCCESS"));
    for (int side : sides) {
      for (long i = 0; i < count; i++) {
        keys.add(side + "/" + i + ".png");
      }
    }
    return keys;
  }

  /** Every file below a local batch folder, relative to it. */
  static Set<String> listing(Path batch) {
    try (Stream<Path> walk = Files.walk(batch)) {
      Set<String> keys = new TreeSet<>();
      walk.filter(Files::isRegularFile).forEach(p -> keys.add(batch.relativize(p).toString()));
      return keys;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Checks a local batch: exactly the requested keys, and every image matches its manifest hash. */
  static JsonNode checkBatch(Path batch, long count, int... sides) throws IOException {
    assertEquals(expectedKeys(count, sides), listing(batch));
    JsonNode manifest = new ObjectMapper().readTree(batch.resolve("manifest.json").toFile());
    assertEquals(count, manifest.get("images").size());
    for (JsonNode image : manifest.get("images")) {
      for (int side : sides) {
        String key = image.get("keys").get(String.valueOf(side)).asText();
        assertEquals(image.get("sha256").get(String.valueOf(side)).asText(),
            sha256(Files.readAllBytes(batch.resolve(key))), key);
      }
      assertTrue(image.get("models").get("generator").asText().startsWith("round-"), image.toString());
    }
    JsonNode marker = new ObjectMapper().readTree(batch.resolve("_SUCCESS").toFile());
    assertEquals(sha256(Files.readAllBytes(batch.resolve("manifest.json"))), marker.get("manifestSha256").asText());
    return manifest;
  }
}
