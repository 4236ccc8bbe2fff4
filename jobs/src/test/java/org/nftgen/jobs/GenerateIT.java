package org.nftgen.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate through the launcher on local files: layout, determinism, restart after a kill, refusals. */
class GenerateIT {
  @TempDir
  static Path tmp;

  private static List<String> args(Path prefix, String batch, int count, String... extra) {
    List<String> a = new ArrayList<>(List.of("--config", "conf/smoke.conf", "--generator",
        Launcher.uri(Fixtures.trainedRun()), "--batch-id", batch, "--count", String.valueOf(count), "--seed", "11",
        "--output", Launcher.uri(prefix)));
    a.addAll(List.of(extra));
    return a;
  }

  private static Launcher.Result generate(Path prefix, String batch, int count, String... extra) {
    return Launcher.run("generate", args(prefix, batch, count, extra).toArray(new String[0]));
  }

  private static Map<String, byte[]> contents(Path batch) throws Exception {
    Map<String, byte[]> files = new HashMap<>();
    for (String key : Fixtures.listing(batch)) {
      if (key.endsWith(".png") || key.startsWith("metadata/")) {
        files.put(key, Files.readAllBytes(batch.resolve(key)));
      }
    }
    return files;
  }

  @Test
  void writesACompleteBatchThatARerunReproducesByteForByte() throws Exception {
    Path prefix = tmp.resolve("out");
    Launcher.Result r = generate(prefix, "day1", 6, "--set", "nftgen.generate.chunk=4");
    assertEquals(0, r.exitCode(), r.all());
    Path batch = prefix.resolve("batch=day1");
    assertTrue(r.stdout().contains("generate: images in file:" + batch), r.stdout());
    JsonNode manifest = Fixtures.checkBatch(batch, 6, 32, 64, 128);
    assertEquals("bicubic", manifest.get("upscaler").asText());
    assertEquals(2, manifest.get("counts").get("chunks").asInt());
    assertEquals(18, manifest.get("counts").get("files").asInt());
    assertEquals("round-00000002", manifest.get("models").get("generator").get("checkpoint").asText());
    assertEquals(64, manifest.get("models").get("generator").get("sha256").get("state.bin").asText().length());
    assertTrue(manifest.get("timings").get("imagesPerSecond").asDouble() > 0);
    assertTrue(manifest.get("config").asText().contains("batch-id"));
    // Distinct latents: the first two images differ.
    assertFalse(manifest.get("images").get(0).get("latentSeed").equals(manifest.get("images").get(1).get("latentSeed")));
    var image = javax.imageio.ImageIO.read(batch.resolve("128/5.png").toFile());
    assertEquals(128, image.getWidth());
    Map<String, byte[]> first = contents(batch);

    Launcher.Result refused = generate(prefix, "day1", 6, "--set", "nftgen.generate.chunk=4");
    assertEquals(1, refused.exitCode(), refused.all());
    assertTrue(refused.stderr().contains("Batch day1 is already complete"), refused.stderr());

    // Again with --overwrite on one partition instead of two: the same keys with the same bytes.
    Launcher.Result again = generate(prefix, "day1", 6, "--set", "nftgen.generate.chunk=4", "--set",
        "nftgen.generate.partitions=1", "--overwrite");
    assertEquals(0, again.exitCode(), again.all());
    Fixtures.checkBatch(batch, 6, 32, 64, 128);
    Map<String, byte[]> second = contents(batch);
    assertEquals(first.keySet(), second.keySet());
    for (String key : first.keySet()) {
      assertArrayEquals(first.get(key), second.get(key), key);
    }
  }

  @Test
  void aFlatCollectionsImagesAreSnappedToItsPaletteAndSmoothOnesAreNot() throws Exception {
    Path prefix = tmp.resolve("palette");
    // The smoke apes are flat fills with antialiased edges; every pixel snapped (max-distance 442),
    // each image can only use the palette's colours.
    Launcher.Result r = generate(prefix, "snapped", 3, "--set", "nftgen.denoise.palette.mode=auto", "--set",
        "nftgen.denoise.palette.max-distance=442");
    assertEquals(0, r.exitCode(), r.all());
    JsonNode palette = Fixtures.checkBatch(prefix.resolve("batch=snapped"), 3, 32, 64, 128).get("palette");
    assertTrue(palette.get("snapped").asBoolean(), palette.toString());
    int colours = palette.get("colours").asInt();
    assertTrue(colours >= 5 && colours <= 256, palette.toString());
    assertTrue(palette.get("coverage").asDouble() >= 0.8, palette.toString());
    assertTrue(r.stdout().contains("most frequent colours cover"), r.stdout());
    java.util.Set<Integer> inks = new java.util.HashSet<>();
    palette.get("palette").forEach(c -> inks.add(Integer.parseInt(c.asText().substring(1), 16)));
    assertEquals(colours, inks.size(), palette.toString());
    for (int side : new int[] {32, 64, 128}) { // every pixel of every size is one of the palette's colours
      for (int i = 0; i < 3; i++) {
        var image = javax.imageio.ImageIO.read(prefix.resolve("batch=snapped/" + side + "/" + i + ".png").toFile());
        for (int y = 0; y < image.getHeight(); y++) {
          for (int x = 0; x < image.getWidth(); x++) {
            int c = image.getRGB(x, y) & 0xFFFFFF;
            assertTrue(inks.contains(c), String.format("%d px image %d, pixel (%d, %d) #%06X", side, i, x, y, c));
          }
        }
      }
    }
    // Asking for a coverage the collection does not reach: not flat, the colours are the generator's.
    Launcher.Result smooth = generate(prefix, "smooth", 3, "--set", "nftgen.denoise.palette.mode=auto", "--set",
        "nftgen.denoise.palette.max-distance=442", "--set", "nftgen.denoise.palette.coverage=1");
    assertEquals(0, smooth.exitCode(), smooth.all());
    JsonNode notFlat = Fixtures.checkBatch(prefix.resolve("batch=smooth"), 3, 32, 64, 128).get("palette");
    assertFalse(notFlat.get("snapped").asBoolean(), notFlat.toString());
    assertFalse(notFlat.get("flat").asBoolean(), notFlat.toString());
    for (int i = 0; i < 3; i++) { // the same latents, denoised alike: only the snapping differs
      assertFalse(java.util.Arrays.equals(Files.readAllBytes(prefix.resolve("batch=snapped/32/" + i + ".png")),
          Files.readAllBytes(prefix.resolve("batch=smooth/32/" + i + ".png"))), "image " + i);
    }
    // By default only pixel art on a grid is snapped; the smoke apes' antialiased edges are on none,
    // so the manifest names no grid and no palette.
    Launcher.Result byDefault = generate(prefix, "default", 1);
    assertEquals(0, byDefault.exitCode(), byDefault.all());
    JsonNode manifest = Fixtures.checkBatch(prefix.resolve("batch=default"), 1, 32, 64, 128);
    JsonNode none = manifest.get("palette");
    assertEquals("grid", none.get("mode").asText());
    assertFalse(none.get("snapped").asBoolean());
    assertFalse(none.has("colours"), none.toString());
    JsonNode grid = manifest.get("pixelGrid");
    assertEquals("auto", grid.get("mode").asText(), grid.toString());
    assertFalse(grid.get("found").asBoolean(), grid.toString());
    assertTrue(byDefault.stdout().contains("not pixel art on a grid"), byDefault.stdout());
  }

  @Test
  void aBatchKilledMidwayIsCompletedByARerunWithoutDuplicatesOrStrays() throws Exception {
    Path prefix = tmp.resolve("killed");
    Path batch = prefix.resolve("batch=k1");
    Path out = tmp.resolve("killed.out");
    Path err = tmp.resolve("killed.err");
    // 30 chunks of 2 on one partition, one after another: slow enough to be caught midway.
    Process p = Launcher.start(Map.of(), out, err, "generate", args(prefix, "k1", 60, "--set",
        "nftgen.generate.chunk=2", "--set", "nftgen.generate.partitions=1").toArray(new String[0]));
    Path parts = batch.resolve("_parts");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (count(parts) < 3 && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(p.isAlive(), "the batch finished before it could be killed: " + Files.readString(out));
    p.destroyForcibly().waitFor();
    assertFalse(Files.exists(batch.resolve("_SUCCESS")));
    int partsBefore = count(parts);
    assertTrue(partsBefore >= 3 && partsBefore < 30, "chunks done when killed: " + partsBefore);
    // What a crash on a file system can leave besides: a half-written temporary and an image the
    // requested set does not have.
    Files.write(batch.resolve("64/.59.png.0f0f.tmp"), new byte[] {1, 2, 3});
    Files.write(batch.resolve("64/999.png"), new byte[] {1, 2, 3});
    // ... and a file someone else keeps there, which clean-up must leave alone.
    Files.writeString(batch.resolve("NOTES.txt"), "not nftgen's");
    assertTrue(Files.exists(batch.resolve("_LEASE")), "the killed run's lease"); // its process is gone: taken over

    Launcher.Result r = generate(prefix, "k1", 60, "--set", "nftgen.generate.chunk=2", "--set",
        "nftgen.generate.partitions=1");
    assertEquals(0, r.exitCode(), r.all());
    assertTrue(r.stdout().contains("left 1 files in ") && r.stdout().contains("[NOTES.txt]"), r.stdout());
    assertEquals("not nftgen's", Files.readString(batch.resolve("NOTES.txt")));
    Files.delete(batch.resolve("NOTES.txt"));
    JsonNode manifest = Fixtures.checkBatch(batch, 60, 32, 64, 128);
    int reused = manifest.get("counts").get("chunksReused").asInt();
    assertTrue(reused >= partsBefore, "reused " + reused + " of " + partsBefore + " finished chunks");
    assertTrue(r.stdout().contains("removed 2 stray files"), r.stdout());
  }

  @Test
  void ofTwoRunsOnOneBatchTheSecondFailsFastAndEveryKeyOfTheFirstSurvives() throws Exception {
    Path prefix = tmp.resolve("race");
    Path batch = prefix.resolve("batch=r1");
    List<String> slow = args(prefix, "r1", 40, "--set", "nftgen.generate.chunk=2", "--set",
        "nftgen.generate.partitions=1");
    Process first = Launcher.start(Map.of(), tmp.resolve("race.out"), tmp.resolve("race.err"), "generate",
        slow.toArray(new String[0]));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!Files.exists(batch.resolve("_LEASE")) && first.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(first.isAlive(), "the first run ended before it held the batch: " + Files.readString(tmp.resolve("race.err")));
    // The second, with --overwrite, would delete the first's images if it got in.
    List<String> second = new ArrayList<>(slow);
    second.add("--overwrite");
    Launcher.Result r = Launcher.run("generate", second.toArray(new String[0]));
    assertTrue(first.isAlive(), "the first run finished before the second was refused; make it slower");
    assertEquals(1, r.exitCode(), r.all());
    assertTrue(r.stderr().contains("nftgen: error: Batch r1 at ") && r.stderr().contains(
        "is being written by another run: ") && r.stderr().contains(" pid " + first.pid()), r.stderr());
    assertEquals(0, first.waitFor(), Files.readString(tmp.resolve("race.err")));
    Fixtures.checkBatch(batch, 40, 32, 64, 128); // exactly the first's keys, the lease gone
  }

  private static int count(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return (int) s.filter(f -> f.getFileName().toString().endsWith(".json")).count();
    }
  }

  @Test
  void unsafeBatchIdsAndPrefixesAreRefusedBeforeSparkStarts() {
    Launcher.Result r = Launcher.run("generate", "--generator", "/nowhere", "--batch-id", "../../etc", "--count", "1",
        "--output", Launcher.uri(tmp.resolve("x")));
    assertEquals(2, r.exitCode(), r.all());
    assertTrue(r.stderr().contains("'../../etc' is not a valid batch id"), r.stderr());
    Launcher.Result prefix = Launcher.run("generate", "--generator", "/nowhere", "--batch-id", "ok", "--count", "1",
        "--output", "s3a://bucket/a/../b");
    assertEquals(2, prefix.exitCode(), prefix.all());
    assertTrue(prefix.stderr().contains("'s3a://bucket/a/../b' has a '..' segment"), prefix.stderr());
    assertFalse(Files.exists(tmp.resolve("x")));
  }

  @Test
  void aTamperedModelFileIsRefused() throws Exception {
    Path copy = copyOfTrainedRun("tampered-run");
    Path state = copy.resolve("checkpoints/round-00000002/state.bin");
    byte[] bytes = Files.readAllBytes(state);
    bytes[bytes.length - 100] ^= 0x01; // one bit of one parameter
    Files.write(state, bytes);
    Path prefix = tmp.resolve("never");
    Launcher.Result r = Launcher.run("generate", "--config", "conf/smoke.conf", "--generator", Launcher.uri(copy),
        "--batch-id", "t1", "--count", "2", "--output", Launcher.uri(prefix));
    assertEquals(1, r.exitCode(), r.all());
    assertTrue(r.stderr().contains("Refusing the model at") && r.stderr().contains("state.bin does not match the SHA-256"),
        r.stderr());
    assertFalse(Files.exists(prefix.resolve("batch=t1/_SUCCESS")));
    assertFalse(Files.exists(prefix.resolve("batch=t1/32")));
  }

  /**
   * A tamperer who rewrites the commit marker to match a changed state.bin passes the folder's own
   * check, but not a pinned digest, whether given as the SHA-256 or as an earlier batch's manifest.
   */
  @Test
  void aTamperedModelWithARewrittenMarkerIsRefusedWhenPinned() throws Exception {
    Path honest = tmp.resolve("pinned-out");
    Launcher.Result first = generate(honest, "p1", 2);
    assertEquals(0, first.exitCode(), first.all());
    assertTrue(first.stdout().contains("is unpinned"), first.stdout());
    JsonNode manifest = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        honest.resolve("batch=p1/manifest.json").toFile());
    assertFalse(manifest.get("models").get("generator").get("pinned").asBoolean());
    String pin = manifest.get("models").get("generator").get("sha256").get("state.bin").asText();
    Launcher.Result pinned = generate(honest, "p2", 2, "--generator-sha256", pin);
    assertEquals(0, pinned.exitCode(), pinned.all());
    assertTrue(new com.fasterxml.jackson.databind.ObjectMapper().readTree(honest.resolve("batch=p2/manifest.json")
        .toFile()).get("models").get("generator").get("pinned").asBoolean());

    Path copy = copyOfTrainedRun("remarked-run");
    Path checkpoint = copy.resolve("checkpoints/round-00000002");
    byte[] bytes = Files.readAllBytes(checkpoint.resolve("state.bin"));
    bytes[bytes.length - 100] ^= 0x01;
    Files.write(checkpoint.resolve("state.bin"), bytes);
    String marker = Files.readString(checkpoint.resolve("_COMMITTED"));
    Files.writeString(checkpoint.resolve("_COMMITTED"), marker.replace(pin, Fixtures.sha256(bytes)));

    List<String> base = List.of("--config", "conf/smoke.conf", "--generator", Launcher.uri(copy), "--batch-id", "t2",
        "--count", "2", "--output", Launcher.uri(tmp.resolve("remarked-out")));
    Launcher.Result unpinned = Launcher.run("generate", base.toArray(new String[0]));
    assertEquals(0, unpinned.exitCode(), "without a pin the rewritten marker is believed: " + unpinned.all());
    for (String value : List.of(pin, Launcher.uri(honest.resolve("batch=p1/manifest.json")))) {
      List<String> a = new ArrayList<>(base);
      a.set(5, "t3");
      a.addAll(List.of("--generator-sha256", value));
      Launcher.Result refused = Launcher.run("generate", a.toArray(new String[0]));
      assertEquals(1, refused.exitCode(), refused.all());
      assertTrue(refused.stderr().contains("Refusing the generator at") && refused.stderr().contains("not " + pin),
          refused.stderr());
      assertFalse(Files.exists(tmp.resolve("remarked-out/batch=t3/_SUCCESS")));
    }
    Launcher.Result bad = generate(honest, "p4", 2, "--generator-sha256", "abc");
    assertEquals(2, bad.exitCode(), bad.all());
    assertTrue(bad.stderr().contains("'nftgen.generate.generator-sha256' = 'abc' is neither a SHA-256"), bad.stderr());
  }

  /** A copy of the shared trained run, to tamper with. */
  private static Path copyOfTrainedRun(String name) throws java.io.IOException {
    Path copy = tmp.resolve(name);
    try (Stream<Path> walk = Files.walk(Fixtures.trainedRun())) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = copy.resolve(Fixtures.trainedRun().relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return copy;
  }
}
