package org.nftgen.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftgen.traits.TraitClassifier;

/** train-traits through the launcher on the smoke dataset (its synth metadata), and its refusals. */
class TrainTraitsIT {
  @TempDir
  Path tmp;

  @Test
  void trainsOnTheDatasetsTraitsAndWritesItsEvaluation() throws Exception {
    Path dataset = Fixtures.dataset();
    Path run = tmp.resolve("traits");
    Launcher.Result r = Launcher.run("train-traits", "--config", "conf/smoke.conf", "--input", Launcher.uri(dataset),
        "--output", Launcher.uri(run));
    assertEquals(0, r.exitCode(), r.all());
    assertTrue(r.stdout().contains("train-traits: epoch 2/2"), r.stdout());
    JsonNode manifest = new ObjectMapper().readTree(dataset.resolve("manifest.json").toFile());
    JsonNode evaluation = new ObjectMapper().readTree(run.resolve("evaluation.json").toFile());
    assertEquals("trait-classifier", evaluation.get("kind").asText());
    long total = manifest.get("accepted").asLong();
    assertEquals(total, evaluation.get("trainImages").asLong() + evaluation.get("heldOutImages").asLong());
    // Every trait type with more than one value has a head, with its accuracy and baseline.
    manifest.get("traits").get("types").fields().forEachRemaining(type -> {
      if (type.getValue().size() > 1) {
        JsonNode head = evaluation.get("types").get(type.getKey());
        assertTrue(head != null, type.getKey() + " has no head: " + evaluation);
        double accuracy = head.get("accuracy").asDouble();
        assertTrue(accuracy >= 0 && accuracy <= 1, head.toString());
        assertEquals(evaluation.get("heldOutImages").asLong(), head.get("heldOut").asLong());
      } else {
        assertTrue(evaluation.get("skippedTypes").has(type.getKey()), type.getKey());
      }
    });
    assertTrue(Files.readString(run.resolve("config.conf")).contains("train-traits"));
    assertEquals(2, Files.readAllLines(run.resolve("metrics.jsonl")).size());
    TraitClassifier classifier = TraitClassifier.load(new org.apache.hadoop.fs.Path(run.toUri()), new Configuration());
    assertEquals("round-00000002", classifier.checkpointId());
    assertEquals(classifier.labels().types().size(), evaluation.get("types").size());
    assertEquals(32, classifier.settings().resolution());

    generateWithTraits(run, classifier);
    evaluateWithTraits(run, classifier);
    generateAskingForTraits(run, classifier);

    Launcher.Result again = Launcher.run("train-traits", "--config", "conf/smoke.conf", "--input",
        Launcher.uri(dataset), "--output", Launcher.uri(run));
    assertEquals(1, again.exitCode(), again.all());
    assertTrue(again.stderr().contains("is not empty"), again.stderr());
  }

  /**
   * generate --traits-classifier: every token's attributes are the classifier's predictions with
   * their confidence, the rarity ranks are a permutation of 1..n, and the manifest compares the
   * batch's trait shares with the collection's.
   */
  private void generateWithTraits(Path run, TraitClassifier classifier) throws Exception {
    Path prefix = tmp.resolve("out");
    Launcher.Result g = Launcher.run("generate", "--config", "conf/smoke.conf", "--generator",
        Launcher.uri(Fixtures.trainedRun()), "--traits-classifier", Launcher.uri(run), "--batch-id", "t1", "--count",
        "5", "--seed", "3", "--output", Launcher.uri(prefix));
    assertEquals(0, g.exitCode(), g.all());
    Path batch = prefix.resolve("batch=t1");
    JsonNode manifest = Fixtures.checkBatch(batch, 5, 32, 64, 128);
    java.util.Set<Integer> ranks = new java.util.TreeSet<>();
    for (JsonNode image : manifest.get("images")) {
      JsonNode token = new ObjectMapper().readTree(batch.resolve(image.get("metadata").asText()).toFile());
      for (JsonNode attribute : token.get("attributes")) {
        String type = attribute.get("trait_type").asText();
        assertTrue(classifier.labels().types().contains(type), type);
        assertTrue(classifier.labels().values().get(type).contains(attribute.get("value").asText()), attribute.toString());
        double confidence = attribute.get("nftgen_confidence").asDouble();
        assertTrue(confidence > 0 && confidence <= 1, attribute.toString());
        assertEquals(attribute.get("value").asText(), image.get("traits").get(type).asText());
      }
      ranks.add(token.get("nftgen").get("rarity").get("rank").asInt());
      assertTrue(token.get("nftgen").get("rarity").get("score").asDouble() >= classifier.labels().types().size());
    }
    assertEquals(java.util.Set.of(1, 2, 3, 4, 5), ranks);
    for (String type : classifier.labels().types()) {
      double tvd = manifest.get("traits").get(type).get("tvd").asDouble();
      assertTrue(tvd >= 0 && tvd <= 1, type + " " + tvd);
    }
    assertEquals("trait-classifier", manifest.get("models").get("traits").get("kind").asText());
  }

  /**
   * generate --traits: the images said to show the requested trait do (the classifier sees it in
   * their final base image, as their metadata says); unknown values and a request without a
   * classifier are refused, naming what is valid.
   */
  private void generateAskingForTraits(Path run, TraitClassifier classifier) throws Exception {
    String type = classifier.labels().types().get(0);
    String value = classifier.labels().values().get(type).get(1);
    Path prefix = tmp.resolve("asked");
    java.util.List<String> base = java.util.List.of("--config", "conf/smoke.conf", "--generator",
        Launcher.uri(Fixtures.trainedRun()), "--traits-classifier", Launcher.uri(run), "--batch-id", "a1", "--count",
        "6", "--seed", "5", "--output", Launcher.uri(prefix), "--set", "nftgen.generate.trait-tries=16");
    java.util.List<String> args = new java.util.ArrayList<>(base);
    args.addAll(java.util.List.of("--traits", type + "=" + value));
    Launcher.Result r = Launcher.run("generate", args.toArray(new String[0]));
    assertEquals(0, r.exitCode(), r.all());
    JsonNode manifest = Fixtures.checkBatch(prefix.resolve("batch=a1"), 6, 32, 64, 128);
    int asked = 0;
    for (JsonNode image : manifest.get("images")) {
      if (image.get("traitsAsRequested").asBoolean()) {
        asked++;
        assertEquals(value, image.get("traits").path(type).asText("(none)"), image.toString());
      } else {
        assertEquals(16, image.get("traitTries").asInt());
      }
    }
    assertEquals(asked, manifest.get("traitRequest").get("imagesAsRequested").asInt());
    assertTrue(r.stdout().contains(asked + " of 6 images show the requested traits"), r.stdout());

    java.util.List<String> unknown = new java.util.ArrayList<>(base);
    unknown.addAll(java.util.List.of("--traits", type + "=Nope", "--batch-id", "a2"));
    Launcher.Result refused = Launcher.run("generate", unknown.toArray(new String[0]));
    assertEquals(1, refused.exitCode(), refused.all());
    assertTrue(refused.stderr().contains("trait " + type + " has no value 'Nope' for the trait classifier; its values are "
        + classifier.labels().values().get(type)), refused.stderr());
    Launcher.Result alone = Launcher.run("generate", "--config", "conf/smoke.conf", "--generator",
        Launcher.uri(Fixtures.trainedRun()), "--batch-id", "a3", "--count", "1", "--output", Launcher.uri(prefix),
        "--traits", type + "=" + value);
    // Refused once the generator is known to be unconditional, before any image is made.
    assertEquals(1, alone.exitCode(), alone.all());
    assertTrue(alone.stderr().contains("needs a conditional generator (train-dcgan with nftgen.dcgan.conditional = true)"
        + " or 'nftgen.generate.traits-classifier'"), alone.stderr());
  }

  /** evaluate --traits-classifier: per type the samples' TVD to the collection's rarities and the real images'. */
  private void evaluateWithTraits(Path run, TraitClassifier classifier) throws Exception {
    Path out = tmp.resolve("eval");
    Launcher.Result r = Launcher.run("evaluate", "--config", "conf/smoke.conf", "--input",
        Launcher.uri(Fixtures.trainedRun()), "--traits-classifier", Launcher.uri(run), "--output", Launcher.uri(out));
    assertEquals(0, r.exitCode(), r.all());
    assertTrue(r.stdout().contains("evaluate: trait rarities: max TVD"), r.stdout());
    JsonNode traits = new ObjectMapper().readTree(out.resolve("evaluation.json").toFile()).get("traits");
    double max = 0;
    for (String type : classifier.labels().types()) {
      JsonNode t = traits.get("types").get(type);
      assertTrue(t.get("tvd").asDouble() >= 0 && t.get("tvd").asDouble() <= 1, t.toString());
      assertTrue(t.get("realTvd").asDouble() >= 0 && t.get("realTvd").asDouble() <= 1, t.toString());
      max = Math.max(max, t.get("tvd").asDouble());
      double shares = 0;
      for (JsonNode share : traits.get("distribution").get(type).get("batch")) {
        shares += share.asDouble();
      }
      assertEquals(1.0, shares, 1e-4, type);
    }
    assertEquals(max, traits.get("maxTvd").asDouble(), 1e-9);
    assertEquals(traits.get("samples").asInt(), traits.get("realSamples").asInt());
  }

  @Test
  void aDatasetWithoutMetadataIsRefusedNamingWhy() throws Exception {
    Path raw = Files.createDirectories(tmp.resolve("raw"));
    Files.write(raw.resolve("1.png"), Files.readAllBytes(MixedCollectionFiles.validPng(tmp)));
    Path dataset = tmp.resolve("plain");
    Launcher.Result prepared = Launcher.run("prepare", "--input", Launcher.uri(raw), "--output", Launcher.uri(dataset),
        "--set", "nftgen.prepare.resolutions=[32]");
    assertEquals(0, prepared.exitCode(), prepared.all());
    Launcher.Result r = Launcher.run("train-traits", "--config", "conf/smoke.conf", "--input", Launcher.uri(dataset),
        "--output", Launcher.uri(tmp.resolve("never")));
    assertEquals(1, r.exitCode(), r.all());
    assertTrue(r.stderr().contains("has no trait type to learn (prepare found no metadata)"), r.stderr());
    assertTrue(!Files.exists(tmp.resolve("never")), "nothing written for a refused run");
  }
}
