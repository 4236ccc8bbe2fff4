package org.nftgen.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageRecordTest {
  @TempDir
  Path work;
  final Configuration conf = new Configuration();

  private static final Config RECIPE = ConfigFactory.parseString("""
      nftgen.dcgan { ngf = 32, trait-classification = 0.3, sizes = [1, 2] }
      nftgen.train { output = "file:/a/dcgan", workers = 1, "fs.s3a.secret.key" = hunter2 }
      nftgen.generate { count = 16 }
      """);

  private static StageRecord record(Config config, Map<String, String> inputs) {
    return StageRecord.of(config, List.of("nftgen.dcgan", "nftgen.train"), Set.of("nftgen.train.output"), inputs);
  }

  private org.apache.hadoop.fs.Path hadoop(Path p) {
    return new org.apache.hadoop.fs.Path(p.toUri());
  }

  @Test
  void aRecordHoldsTheStagesOwnSettingsWithoutItsWiringOrSecrets() {
    StageRecord r = record(RECIPE, Map.of("prepare", "abc"));
    assertEquals(Map.of("nftgen.dcgan.ngf", "32", "nftgen.dcgan.trait-classification", "0.3",
        "nftgen.dcgan.sizes", "[1, 2]", "nftgen.train.workers", "1",
        "nftgen.train.\"fs.s3a.secret.key\"", "<redacted>"), r.settings());
    assertTrue(!r.toJson().contains("hunter2"), r.toJson());
    assertEquals(Map.of("prepare", "abc"), r.inputs());
  }

  @Test
  void differencesNameEveryChangedSettingAndInput() {
    StageRecord old = record(RECIPE, Map.of("prepare", "abc"));
    Config moved = ConfigFactory.parseString("nftgen.train.output = \"s3a://b/dcgan\"").withFallback(RECIPE);
    assertEquals(List.of(), old.differences(record(moved, Map.of("prepare", "abc"))), "the output is wiring");
    Config rewritten = ConfigFactory.parseString("nftgen.dcgan { trait-classification = \"3e-1\", ngf = \"32\" }")
        .withFallback(RECIPE);
    assertEquals(List.of(), old.differences(record(rewritten, Map.of("prepare", "abc"))), "the same values");
    assertEquals(old.fingerprint(), record(moved, Map.of("prepare", "abc")).fingerprint());

    Config changed = ConfigFactory.parseString("nftgen.dcgan { trait-classification = 1, pack = 2 }")
        .withFallback(RECIPE);
    StageRecord now = record(changed, Map.of("prepare", "def"));
    assertEquals(List.of("nftgen.dcgan.pack: (unset) -> 2", "nftgen.dcgan.trait-classification: 0.3 -> 1",
        "made from a different prepare output"), old.differences(now));
    assertNotEquals(old.fingerprint(), now.fingerprint());
  }

  @Test
  void aWrittenRecordReadsBackEqual() {
    StageRecord r = record(RECIPE, Map.of("prepare", "abc"));
    org.apache.hadoop.fs.Path file = hadoop(work.resolve(".stages/train-dcgan.json"));
    r.write(file, conf);
    assertEquals(r, StageRecord.read(file, conf).orElseThrow());
    assertTrue(StageRecord.read(hadoop(work.resolve(".stages/none.json")), conf).isEmpty());
  }

  @Test
  void aSavedRecordsControlCharactersAreShownEscaped() {
    StageRecord crafted = new StageRecord(new java.util.TreeMap<>(Map.of("k", "a\n\u001b[31mb")), new java.util.TreeMap<>());
    StageRecord now = new StageRecord(new java.util.TreeMap<>(Map.of("k", "c")), new java.util.TreeMap<>());
    assertEquals(List.of("k: a\\u000a\\u001b[31mb -> c"), crafted.differences(now));
  }

  @Test
  void aFileThatIsNotARecordIsRefusedByName() throws Exception {
    Path file = work.resolve("bad.json");
    Files.write(file, new byte[(1 << 20) + 1]);
    JobFailedException big = assertThrows(JobFailedException.class, () -> StageRecord.read(hadoop(file), conf));
    assertTrue(big.getMessage().contains("larger than"), big.getMessage());
    for (String text : List.of("{\"settings\": [1]}", "not json", "{\"settings\": {\"a\": 1}, \"inputs\": {}}")) {
      Files.writeString(file, text);
      JobFailedException e = assertThrows(JobFailedException.class, () -> StageRecord.read(hadoop(file), conf));
      assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("not a stage record"),
          e.getMessage());
    }
  }

  @Test
  void theCheckRefusesAnExistingOutputMadeDifferentlyAndNothingElse() throws Exception {
    org.apache.hadoop.fs.Path records = hadoop(work.resolve(".stages"));
    Path dcgan = Files.createDirectories(work.resolve("dcgan"));
    Path legacy = Files.createDirectories(work.resolve("legacy"));
    StageRecord old = record(RECIPE, Map.of());
    old.write(StageCheck.recordPath(records, "train-dcgan"), conf);
    old.write(StageCheck.recordPath(records, "gone"), conf);
    StageRecord now = record(ConfigFactory.parseString("nftgen.dcgan.ngf = 64").withFallback(RECIPE), Map.of());

    // Same settings: fine; a stage made before records were kept is reported, not refused.
    assertEquals(List.of("legacy"), StageCheck.verify(records, List.of(
        new StageCheck.Planned("train-dcgan", hadoop(dcgan), old, true),
        new StageCheck.Planned("legacy", hadoop(legacy), now, true)), conf));
    // A stage whose output is gone is made afresh, whatever its stale record says.
    assertEquals(List.of(), StageCheck.verify(records, List.of(
        new StageCheck.Planned("gone", hadoop(work.resolve("gone")), now, false)), conf));
    // Changed settings over an existing output: refused, naming the stage, its folder and the key.
    JobFailedException e = assertThrows(JobFailedException.class, () -> StageCheck.verify(records, List.of(
        new StageCheck.Planned("train-dcgan", hadoop(dcgan), now, true)), conf));
    assertTrue(e.getMessage().contains("train-dcgan (" + hadoop(dcgan) + ")")
        && e.getMessage().contains("nftgen.dcgan.ngf: 32 -> 64")
        && e.getMessage().contains("delete these to make them again with this run's settings: " + hadoop(dcgan)),
        e.getMessage());
  }
}
