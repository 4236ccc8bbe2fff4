package org.nftgen.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftgen.data.TraitLabels;

/**
 * The trait workflow of a conditional generator through the launcher, on the smoke settings:
 * synth -> prepare -> train-traits -> train-dcgan (conditional) -> generate --traits -> evaluate.
 */
class ConditionalDcganIT {
  @TempDir
  Path tmp;

  @Test
  void aConditionalGeneratorMakesTheTraitsAskedForAndShipsThemAsMetadata() throws Exception {
    Path dataset = Fixtures.dataset();
    Path classifier = tmp.resolve("traits");
    Launcher.Result t = Launcher.run("train-traits", "--config", "conf/smoke.conf", "--input", Launcher.uri(dataset),
        "--output", Launcher.uri(classifier));
    assertEquals(0, t.exitCode(), t.all());

    Path run = tmp.resolve("cond");
    Launcher.Result r = Launcher.run("train-dcgan", "--config", "conf/smoke.conf", "--input", Launcher.uri(dataset),
        "--output", Launcher.uri(run), "--rounds", "2", "--set", "nftgen.dcgan.conditional=auto");
    assertEquals(0, r.exitCode(), r.all());
    assertTrue(r.stdout().contains("train-dcgan: conditioned on"), r.stdout());
    // auto chose a conditional model for a dataset with traits, and the run records the choice.
    assertTrue(r.stdout().contains("conditional = auto: the dataset has traits"), r.stdout());
    assertTrue(savedConditional(run), Files.readString(run.resolve("config.conf")));
    // Every checkpoint carries the traits it was trained for, under its commit marker.
    Path checkpoint = run.resolve("checkpoints/round-00000002");
    TraitLabels conditions = TraitLabels.fromJson(Files.readAllBytes(checkpoint.resolve("conditions.json")));
    JsonNode marker = new ObjectMapper().readTree(checkpoint.resolve("_COMMITTED").toFile());
    assertTrue(marker.get("files").has("conditions.json"), marker.toString());
    JsonNode datasetTraits = new ObjectMapper().readTree(dataset.resolve("manifest.json").toFile()).get("traits");
    datasetTraits.get("types").fields().forEachRemaining(type -> assertEquals(type.getValue().size() > 1,
        conditions.types().contains(type.getKey()), type.getKey()));
    assertTrue(Files.exists(run.resolve("samples/round-00000002.png")));

    String type = conditions.types().get(0);
    String value = conditions.values().get(type).get(conditions.values().get(type).size() - 1);
    Path prefix = tmp.resolve("out");
    List<String> args = new ArrayList<>(List.of("--config", "conf/smoke.conf", "--generator", Launcher.uri(run),
        "--batch-id", "c1", "--count", "5", "--seed", "9", "--output", Launcher.uri(prefix),
        "--traits", type + "=" + value));
    Launcher.Result g = Launcher.run("generate", args.toArray(new String[0]));
    assertEquals(0, g.exitCode(), g.all());
    Path batch = prefix.resolve("batch=c1");
    JsonNode manifest = Fixtures.checkBatch(batch, 5, 32, 64, 128); // metadata validated against the schema
    java.util.Set<String> drawn = new java.util.HashSet<>();
    for (JsonNode image : manifest.get("images")) {
      assertEquals("condition", image.get("traitsFrom").asText(), image.toString());
      assertEquals(value.equals("(none)") ? "" : value, image.get("traits").path(type).asText(""), image.toString());
      JsonNode token = new ObjectMapper().readTree(batch.resolve(image.get("metadata").asText()).toFile());
      java.util.Map<String, String> attributes = new java.util.TreeMap<>();
      token.get("attributes").forEach(a -> attributes.put(a.get("trait_type").asText(), a.get("value").asText()));
      java.util.Map<String, String> traits = new java.util.TreeMap<>();
      image.get("traits").fields().forEachRemaining(e -> traits.put(e.getKey(), e.getValue().asText()));
      assertEquals(traits, attributes);
      attributes.forEach((k, v) -> assertTrue(conditions.values().get(k).contains(v), k + "=" + v));
      drawn.add(traits.toString());
    }
    // The other types are drawn per image from the rarity table, not one fixed combination.
    assertTrue(drawn.size() > 1, drawn.toString());
    assertTrue(manifest.get("models").get("generator").get("conditionedOn").size() > 0, manifest.toString());

    // Deterministic: the same batch again gives the same metadata bytes.
    Path again = tmp.resolve("again");
    List<String> rerun = new ArrayList<>(args);
    rerun.set(rerun.indexOf("--output") + 1, Launcher.uri(again));
    assertEquals(0, Launcher.run("generate", rerun.toArray(new String[0])).exitCode());
    for (JsonNode image : manifest.get("images")) {
      String key = image.get("metadata").asText();
      assertArrayEquals(Files.readAllBytes(batch.resolve(key)), Files.readAllBytes(again.resolve("batch=c1").resolve(key)),
          key);
    }

    // With the classifier too, each conditioned trait gets the classifier's confidence that it shows.
    Launcher.Result sure = Launcher.run("generate", "--config", "conf/smoke.conf", "--generator", Launcher.uri(run),
        "--traits-classifier", Launcher.uri(classifier), "--batch-id", "c2", "--count", "3", "--output",
        Launcher.uri(prefix), "--set", "nftgen.generate.trait-tries=2");
    assertEquals(0, sure.exitCode(), sure.all());
    JsonNode withClassifier = Fixtures.checkBatch(prefix.resolve("batch=c2"), 3, 32, 64, 128);
    for (JsonNode image : withClassifier.get("images")) {
      assertEquals("condition", image.get("traitsFrom").asText());
      image.get("traits").fieldNames().forEachRemaining(k -> {
        double c = image.get("confidence").get(k).asDouble();
        assertTrue(c >= 0 && c <= 1, image.toString());
      });
      assertTrue(image.has("predictedTraits"), image.toString());
    }

    // A value the generator was not trained on is refused before any image, naming the valid ones.
    Launcher.Result refused = Launcher.run("generate", "--config", "conf/smoke.conf", "--generator",
        Launcher.uri(run), "--batch-id", "c3", "--count", "2", "--output", Launcher.uri(prefix), "--traits",
        type + "=Nope");
    assertEquals(1, refused.exitCode(), refused.all());
    assertTrue(refused.stderr().contains("trait " + type + " has no value 'Nope' for the conditional generator; its "
        + "values are " + conditions.values().get(type)), refused.stderr());
    assertFalse(Files.exists(prefix.resolve("batch=c3")));
    // ... and checked before the complete batch it would overwrite is touched.
    byte[] published = Files.readAllBytes(batch.resolve("manifest.json"));
    List<String> overwrite = new ArrayList<>(args);
    overwrite.set(overwrite.size() - 1, type + "=Nope");
    overwrite.add("--overwrite");
    Launcher.Result kept = Launcher.run("generate", overwrite.toArray(new String[0]));
    assertEquals(1, kept.exitCode(), kept.all());
    assertTrue(kept.stderr().contains("has no value 'Nope'"), kept.stderr());
    assertArrayEquals(published, Files.readAllBytes(batch.resolve("manifest.json")));
    Fixtures.checkBatch(batch, 5, 32, 64, 128);

    // Per-image requests: image i is made for row i's traits (over --traits), empty cells drawn.
    assertTrue(conditions.types().size() >= 2, conditions.toString());
    String other = conditions.types().get(1);
    List<String> otherValues = conditions.values().get(other);
    Path requests = tmp.resolve("requests.csv");
    Files.writeString(requests, type + "," + other + "\n," + otherValues.get(0) + "\n,\n" + conditions.values()
        .get(type).get(0) + "," + otherValues.get(otherValues.size() - 1) + "\n");
    List<String> perImage = new ArrayList<>(List.of("--config", "conf/smoke.conf", "--generator", Launcher.uri(run),
        "--batch-id", "c4", "--count", "3", "--output", Launcher.uri(prefix), "--traits", type + "=" + value,
        "--traits-file", Launcher.uri(requests)));
    Launcher.Result rows = Launcher.run("generate", perImage.toArray(new String[0]));
    assertEquals(0, rows.exitCode(), rows.all());
    JsonNode byRow = Fixtures.checkBatch(prefix.resolve("batch=c4"), 3, 32, 64, 128);
    String[][] expected = {{value, otherValues.get(0)}, {value, null},
        {conditions.values().get(type).get(0), otherValues.get(otherValues.size() - 1)}};
    for (JsonNode image : byRow.get("images")) {
      String[] want = expected[image.get("index").asInt()];
      assertEquals(want[0].equals("(none)") ? "" : want[0], image.get("traits").path(type).asText(""), image.toString());
      if (want[1] != null) {
        assertEquals(want[1].equals("(none)") ? "" : want[1], image.get("traits").path(other).asText(""),
            image.toString());
      }
    }
    assertEquals(Launcher.uri(requests), byRow.get("traitRequestsFile").get("path").asText());
    // A file with a row per image of another count, or an unknown value, is refused naming the row.
    perImage.set(perImage.indexOf("--count") + 1, "4");
    Launcher.Result short1 = Launcher.run("generate", perImage.toArray(new String[0]));
    assertEquals(1, short1.exitCode(), short1.all());
    assertTrue(short1.stderr().contains("has 3 requests, one per image, but nftgen.generate.count is 4"),
        short1.stderr());
    String first = conditions.values().get(type).get(0);
    Files.writeString(requests, type + "\n" + first + "\nNope\n" + first + "\n" + first + "\n");
    Launcher.Result badRow = Launcher.run("generate", perImage.toArray(new String[0]));
    assertEquals(1, badRow.exitCode(), badRow.all());
    assertTrue(badRow.stderr().contains("Request 2 (image 1) of the trait requests file " + Launcher.uri(requests)
        + ": trait " + type + " has no value 'Nope'"), badRow.stderr());

    // evaluate: the classifier's view of whether each sample shows the traits it was made for.
    Path eval = tmp.resolve("eval");
    Launcher.Result e = Launcher.run("evaluate", "--config", "conf/smoke.conf", "--input", Launcher.uri(run),
        "--traits-classifier", Launcher.uri(classifier), "--output", Launcher.uri(eval));
    assertEquals(0, e.exitCode(), e.all());
    assertTrue(e.stdout().contains("evaluate: trait fidelity"), e.stdout());
    JsonNode fidelity = new ObjectMapper().readTree(eval.resolve("evaluation.json").toFile()).get("traits")
        .get("fidelity");
    assertEquals(conditions.types().size(), fidelity.get("types").size(), fidelity.toString());
    fidelity.get("types").forEach(f -> {
      assertTrue(f.get("accuracy").asDouble() >= 0 && f.get("accuracy").asDouble() <= 1, f.toString());
      assertEquals(f.get("classifierHeldOutAccuracy").asDouble() >= 0.95, f.get("trusted").asBoolean(), f.toString());
    });

    // Resuming with the traits changed (here: the type with the most values left out) refuses the
    // checkpoint instead of training a network of another shape on it.
    int most = conditions.types().stream().mapToInt(k -> conditions.values().get(k).size()).max().orElseThrow();
    assertTrue(conditions.types().stream().anyMatch(k -> conditions.values().get(k).size() < most), conditions.toString());
    Launcher.Result changed = Launcher.run("train-dcgan", "--config", "conf/smoke.conf", "--input",
        Launcher.uri(dataset), "--output", Launcher.uri(run), "--rounds", "3", "--resume", "--set",
        "nftgen.dcgan.conditional=true", "--set", "nftgen.dcgan.condition-max-values=" + (most - 1));
    assertEquals(1, changed.exitCode(), changed.all());
    assertTrue(changed.stderr().contains("--resume refused: the model settings differ") && changed.stderr().contains(
        "nftgen.dcgan.condition-max-values = 64 in the run, " + (most - 1) + " now"), changed.stderr());
  }

  @Test
  void autoTrainsAnUnconditionalModelOnADatasetWithoutTraits() throws Exception {
    // The smoke collection's images without their metadata folder.
    Path raw = Files.createDirectories(tmp.resolve("raw"));
    Path images = Fixtures.dataset().getParent().resolve("collection/images");
    try (var files = Files.list(images)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, raw.resolve(f.getFileName()));
      }
    }
    Path dataset = tmp.resolve("plain");
    Launcher.Result prepared = Launcher.run("prepare", "--config", "conf/smoke.conf", "--input", Launcher.uri(raw),
        "--output", Launcher.uri(dataset));
    assertEquals(0, prepared.exitCode(), prepared.all());
    Path run = tmp.resolve("auto");
    Launcher.Result r = Launcher.run("train-dcgan", "--config", "conf/smoke.conf", "--input", Launcher.uri(dataset),
        "--output", Launcher.uri(run), "--rounds", "1", "--set", "nftgen.dcgan.conditional=auto");
    assertEquals(0, r.exitCode(), r.all());
    assertTrue(r.stdout().contains("conditional = auto: the dataset has no trait type"), r.stdout());
    assertFalse(r.stdout().contains("train-dcgan: conditioned on"), r.stdout());
    assertFalse(savedConditional(run), Files.readString(run.resolve("config.conf")));
    assertFalse(Files.exists(run.resolve("checkpoints/round-00000001/conditions.json")));
  }

  /** nftgen.dcgan.conditional as the run saved it: a boolean, whatever the command line said. */
  private static boolean savedConditional(Path run) {
    return com.typesafe.config.ConfigFactory.parseFile(run.resolve("config.conf").toFile())
        .getBoolean("nftgen.dcgan.conditional");
  }
}
