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
    for (long i = 0; i < count; i++) {
      keys.add("metadata/" + i + ".json");
    }
    return keys;
  }

  /**
   * A generated token's metadata: valid against the ERC-721 metadata schema (by a real validator),
   * its hash as the manifest says, its image the largest size by the CIDv1 that an independent
   * computation (commons-codec's base32 of 0x01 0x55 0x12 0x20 + SHA-256) gives.
   */
  static void checkTokenMetadata(Path batch, JsonNode image, int largest) throws IOException {
    String key = image.get("metadata").asText();
    byte[] bytes = Files.readAllBytes(batch.resolve(key));
    assertEquals(image.get("metadataSha256").asText(), sha256(bytes), key);
    JsonNode token = new ObjectMapper().readTree(bytes);
    java.util.Set<com.networknt.schema.ValidationMessage> problems = METADATA_SCHEMA.validate(token);
    assertTrue(problems.isEmpty(), key + ": " + problems);
    byte[] png = Files.readAllBytes(batch.resolve(image.get("keys").get(String.valueOf(largest)).asText()));
    String cid = independentCid(png);
    assertEquals(cid, image.get("cid").get(String.valueOf(largest)).asText(), key);
    assertEquals("ipfs://" + cid, token.get("image").asText(), key);
    assertEquals(image.get("index").asLong(), token.get("nftgen").get("index").asLong(), key);
    assertEquals(image.get("latentSeed").asLong(), token.get("nftgen").get("latentSeed").asLong(), key);
    // Novelty: the nearest training token, as the manifest says, one of the run's training images.
    JsonNode novelty = token.get("nftgen").get("novelty");
    assertEquals(image.get("nearest"), novelty, key);
    assertTrue(novelty.get("distance").asDouble() >= 0 && novelty.get("distance").asDouble() <= 1, key);
    assertTrue(novelty.get("source").asText().startsWith("images/"), novelty.toString());
  }

  static final com.networknt.schema.JsonSchema METADATA_SCHEMA = loadSchema();

  private static com.networknt.schema.JsonSchema loadSchema() {
    try (var in = Fixtures.class.getResourceAsStream("/org/nftgen/mint/erc721-metadata.schema.json")) {
      return com.networknt.schema.JsonSchemaFactory.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V7)
          .getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The CIDv1 (raw, sha2-256, base32) of one block, computed with another library than nftgen's. */
  static String independentCid(byte[] content) {
    byte[] digest = java.util.HexFormat.of().parseHex(sha256(content));
    byte[] cid = new byte[36];
    cid[0] = 1;
    cid[1] = 0x55;
    cid[2] = 0x12;
    cid[3] = 0x20;
    System.arraycopy(digest, 0, cid, 4, 32);
    return "b" + new org.apache.commons.codec.binary.Base32().encodeAsString(cid).replace("=", "")
        .toLowerCase(java.util.Locale.ROOT);
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
      checkTokenMetadata(batch, image, sides[sides.length - 1]);
    }
    JsonNode marker = new ObjectMapper().readTree(batch.resolve("_SUCCESS").toFile());
    assertEquals(sha256(Files.readAllBytes(batch.resolve("manifest.json"))), marker.get("manifestSha256").asText());
    return manifest;
  }
}
