package org.nftgen.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftgen.data.MixedCollection;

/** The ingest job, through the launcher and the shaded jar, on every kind of good and bad file. */
class PrepareIngestIT {
  @TempDir
  Path tmp;

  @Test
  void accountsForEveryFileWithExactCountsAndReasons() throws Exception {
    Path raw = Files.createDirectories(tmp.resolve("raw"));
    MixedCollection files = MixedCollection.write(raw);
    files.addUndecodableName();
    Path out = tmp.resolve("dataset");

    Launcher.Result r = Launcher.run("prepare", "--input", Launcher.uri(raw), "--output", Launcher.uri(out),
        "--set", "nftgen.prepare.resolutions=[16,64]", "--set", "nftgen.prepare.max-rejected-fraction=0.5");
    assertEquals(0, r.exitCode(), r.all());
    assertTrue(r.stdout().contains("prepare: 16 accepted, 12 rejected"), r.stdout());
    assertTrue(r.stdout().contains("prepare: traits for 5 of 16 images (3 trait types) from 8 metadata files; 3 entries"
        + " refused"), r.stdout());

    JsonNode m = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
    assertEquals(16, m.get("accepted").asInt());
    assertEquals(12, m.get("rejected").asInt());
    assertEquals(files.acceptedCount(), m.get("accepted").asLong());
    Map<String, Long> byReason = new TreeMap<>();
    m.get("rejectedByReason").fields().forEachRemaining(e -> byReason.put(e.getKey(), e.getValue().asLong()));
    assertEquals(files.rejectedByReason(), byReason);
    assertEquals(Map.of("corrupt", 1L, "duplicate", 1L, "empty", 1L, "not-an-image", 2L, "too-large", 1L,
        "too-small", 1L, "truncated", 4L, "unreadable-name", 1L), byReason);

    // Every file is accounted for, each with the reason it should have.
    Map<String, String> verdicts = new HashMap<>();
    m.get("records").forEach(rec -> verdicts.put(rec.get("source").asText(), null));
    m.get("rejectedFiles").forEach(rej -> verdicts.put(rej.get("path").asText(), rej.get("reason").asText()));
    assertEquals(new TreeSet<>(files.expected.keySet()), new TreeSet<>(verdicts.keySet()));
    files.expected.forEach((name, reason) -> assertEquals(reason, verdicts.get(name), name));
    m.get("records").forEach(rec -> assertEquals(files.modes.get(rec.get("source").asText()),
        rec.get("format").asText() + "/" + rec.get("mode").asText(), rec.get("source").asText()));
    assertEquals("[16,16,3]", m.get("shapes").get("rgb16").toString());
    assertEquals(0.0, m.get("rejectedFraction").asDouble() - 9.0 / 26.0, 1e-3); // 9 damaged of 26 image files

    assertTrue(Files.exists(out.resolve("config.conf")));
    assertTrue(Files.readString(out.resolve("config.conf")).contains("resolutions"));
    checkMetadata(m, files);
    checkPixels(out, files);
  }

  /** Every metadata entry is accounted for with its reason; the traits land on the right records. */
  private static void checkMetadata(JsonNode m, MixedCollection files) {
    JsonNode meta = m.get("metadata");
    assertEquals(8, meta.get("files").asInt());
    assertEquals(files.metadata.size(), meta.get("entries").asInt());
    assertEquals(files.traits.size(), meta.get("imagesWithMetadata").asInt());
    assertEquals(16 - files.traits.size(), meta.get("imagesWithoutMetadata").asInt());
    assertEquals(1, meta.get("describingRejectedImages").asInt());
    Map<String, String> refused = new TreeMap<>();
    meta.get("refusedEntries").forEach(e -> refused.put(e.get("source").asText(), e.get("reason").asText()));
    Map<String, String> expectedRefused = new TreeMap<>();
    files.metadata.forEach((source, reason) -> {
      if (reason != null) {
        expectedRefused.put(source, reason);
      }
    });
    assertEquals(expectedRefused, refused);
    assertEquals(3.0 / 9, meta.get("refusedFraction").asDouble(), 1e-3);
    Map<String, Map<String, String>> traits = new TreeMap<>();
    m.get("records").forEach(rec -> {
      if (rec.has("traits")) {
        Map<String, String> t = new TreeMap<>();
        rec.get("traits").fields().forEachRemaining(e -> t.put(e.getKey(), e.getValue().asText()));
        traits.put(rec.get("source").asText(), t);
      }
    });
    assertEquals(new TreeMap<>(files.traits), traits);
    JsonNode colour = m.get("traits").get("types").get("Colour");
    assertEquals(5, m.get("traits").get("tokens").asInt());
    assertEquals(1, colour.get("Red").get("count").asInt());
    assertEquals(0.2, colour.get("Red").get("rarity").asDouble(), 1e-9);
    assertEquals(4, m.get("traits").get("types").get("Hat").get("(none)").get("count").asInt());
  }

  /** The stored pixels are the decoded colours at each resolution, for every accepted file. */
  private static void checkPixels(Path dataset, MixedCollection files) {
    SparkSession spark = SparkSession.builder().master("local[1]").appName("read-back")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      List<Row> rows = spark.read().parquet(dataset.resolve("data").toString()).collectAsList();
      assertEquals(16, rows.size());
      TreeSet<Long> indexes = new TreeSet<>();
      for (Row row : rows) {
        String source = row.getAs("source");
        Map<String, String> traits = files.traits.get(source);
        int traitsColumn = row.fieldIndex("traits");
        assertEquals(traits, row.isNullAt(traitsColumn) ? null : new TreeMap<>(row.<String, String>getJavaMap(traitsColumn)), source);
        indexes.add(row.getAs("index"));
        int colour = files.colours.get(source);
        for (String column : List.of("rgb16", "rgb64")) {
          byte[] rgb = row.getAs(column);
          int side = Integer.parseInt(column.substring(3));
          assertEquals(side * side * 3, rgb.length, source + " " + column);
          for (int i = 0; i < rgb.length; i += 3) {
            int pixel = (rgb[i] & 255) << 16 | (rgb[i + 1] & 255) << 8 | (rgb[i + 2] & 255);
            assertEquals(colour, pixel, source + " " + column + " byte " + i);
          }
        }
      }
      assertEquals(0L, indexes.first());
      assertEquals(15L, indexes.last());
    } finally {
      spark.stop();
    }
  }

  @Test
  void failsCleanlyWhenTooManyImagesAreDamaged() throws Exception {
    Path raw = Files.createDirectories(tmp.resolve("damaged"));
    Files.write(raw.resolve("ok.png"), Files.readAllBytes(MixedCollectionFiles.validPng(tmp)));
    for (int i = 0; i < 3; i++) {
      Files.write(raw.resolve("empty-" + i + ".png"), new byte[0]);
    }
    Path out = tmp.resolve("never");
    Launcher.Result r = Launcher.run("prepare", "--input", Launcher.uri(raw), "--output", Launcher.uri(out));
    assertEquals(1, r.exitCode(), r.all());
    assertTrue(r.stderr().contains("75.0% of the image files"), r.stderr());
    assertTrue(r.stderr().contains("max-rejected-fraction 25.0%"), r.stderr());
    assertTrue(r.stderr().contains("empty-0.png: empty"), r.stderr());
    assertFalse(Files.exists(out.resolve("manifest.json")), "no manifest for a failed ingest");

    Launcher.Result lenient = Launcher.run("prepare", "--input", Launcher.uri(raw), "--output", Launcher.uri(out),
        "--set", "nftgen.prepare.max-rejected-fraction=0.8");
    assertEquals(0, lenient.exitCode(), lenient.all());
    assertTrue(Files.exists(out.resolve("manifest.json")));
  }

  @Test
  void failsWhenNothingUsableRemains() throws Exception {
    Path raw = Files.createDirectories(tmp.resolve("text"));
    Files.writeString(raw.resolve("readme.txt"), "no images here");
    Files.writeString(raw.resolve("1.json"), "{}");
    Launcher.Result r = Launcher.run("prepare", "--input", Launcher.uri(raw), "--output",
        Launcher.uri(tmp.resolve("out")));
    assertEquals(1, r.exitCode(), r.all());
    assertTrue(r.stderr().contains("Nothing usable under"), r.stderr());
    assertTrue(r.stderr().contains("not-an-image=2"), r.stderr());
  }

  /**
   * A collection-level table outside the input gives the traits; bad metadata over the threshold
   * fails the job before anything is written, naming the entries; a missing table names its key.
   */
  @Test
  void readsACollectionTableAndFailsOnTooMuchBadMetadata() throws Exception {
    Path raw = Files.createDirectories(tmp.resolve("two"));
    byte[] png = Files.readAllBytes(MixedCollectionFiles.validPng(tmp));
    Files.write(raw.resolve("1.png"), png);
    Files.write(raw.resolve("2.png"), MixedCollectionFiles.otherPng(tmp));
    Path table = Files.writeString(tmp.resolve("traits.csv"), "file,Hat\n1.png,Fez\n2.png,Cap\n");
    Path out = tmp.resolve("with-table");
    Launcher.Result ok = Launcher.run("prepare", "--input", Launcher.uri(raw), "--output", Launcher.uri(out),
        "--set", "nftgen.prepare.resolutions=[16]", "--set", "nftgen.prepare.metadata.file=" + table.toUri());
    assertEquals(0, ok.exitCode(), ok.all());
    JsonNode m = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
    assertEquals(2, m.get("metadata").get("imagesWithMetadata").asInt());
    assertEquals(1, m.get("traits").get("types").get("Hat").get("Fez").get("count").asInt());

    Path bad = Files.createDirectories(raw.resolve("metadata"));
    Files.writeString(bad.resolve("1.json"), "{\"attributes\": [{\"trait_type\": \"Hat\"}]}");
    Files.writeString(bad.resolve("2.json"), "not json");
    Path never = tmp.resolve("never");
    Launcher.Result refused = Launcher.run("prepare", "--input", Launcher.uri(raw), "--output", Launcher.uri(never),
        "--set", "nftgen.prepare.resolutions=[16]");
    assertEquals(1, refused.exitCode(), refused.all());
    assertTrue(refused.stderr().contains("100.0% of the metadata entries under"), refused.stderr());
    assertTrue(refused.stderr().contains("metadata/2.json: metadata-malformed"), refused.stderr());
    assertTrue(refused.stderr().contains("metadata/1.json: metadata-bad-attribute"), refused.stderr());
    assertFalse(Files.exists(never.resolve("manifest.json")), "no manifest for a failed ingest");

    Launcher.Result missing = Launcher.run("prepare", "--input", Launcher.uri(raw), "--output", Launcher.uri(never),
        "--set", "nftgen.prepare.metadata.file=nowhere.csv", "--set", "nftgen.prepare.max-rejected-fraction=1");
    assertEquals(1, missing.exitCode(), missing.all());
    assertTrue(missing.stderr().contains("Setting 'nftgen.prepare.metadata.file' names"), missing.stderr());
    assertTrue(missing.stderr().contains("nowhere.csv"), missing.stderr());
  }
}
