package org.nftgen.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** synth then prepare through the launcher, as README documents them, with their guards. */
class SynthPrepareIT {
  @TempDir
  Path tmp;

  @Test
  void synthThenPrepareAsDocumented() throws Exception {
    Path collection = tmp.resolve("x");
    Path dataset = tmp.resolve("y");
    Launcher.Result synth = Launcher.run("synth", "--output", Launcher.uri(collection), "--count", "24",
        "--style", "punks");
    assertEquals(0, synth.exitCode(), synth.all());
    assertTrue(synth.stdout().contains("synth: wrote 24 punks tokens to"), synth.stdout());
    assertEquals(24, count(collection.resolve("images")));
    assertEquals(24, count(collection.resolve("metadata")));
    JsonNode token = new ObjectMapper().readTree(collection.resolve("metadata/7.json").toFile());
    assertEquals("Synthetic Punks #7", token.get("name").asText());
    assertEquals("images/7.png", token.get("image").asText());
    assertEquals(7, token.get("attributes").size());
    assertEquals("Background", token.get("attributes").get(0).get("trait_type").asText());
    JsonNode collectionJson = new ObjectMapper().readTree(collection.resolve("collection.json").toFile());
    assertEquals(24, collectionJson.get("count").asInt());
    String saved = Files.readString(collection.resolve("config.conf"));
    assertTrue(saved.contains("count = 24") || saved.contains("count=24"), saved);

    Launcher.Result again = Launcher.run("synth", "--output", Launcher.uri(collection), "--count", "24");
    assertEquals(1, again.exitCode(), again.all());
    assertTrue(again.stderr().contains("A complete collection already exists"), again.stderr());
    assertEquals(24, count(collection.resolve("images")), "a refused run must not touch the collection");

    Launcher.Result prepare = Launcher.run("prepare", "--input", Launcher.uri(collection), "--output",
        Launcher.uri(dataset));
    assertEquals(0, prepare.exitCode(), prepare.all());
    assertTrue(prepare.stdout().contains("dataset written to"), prepare.stdout());
    JsonNode manifest = new ObjectMapper().readTree(dataset.resolve("manifest.json").toFile());
    assertEquals(24, manifest.get("accepted").asInt());
    // collection.json and config.conf are not images; the 24 metadata files give every image its traits.
    assertEquals(2, manifest.get("rejected").asInt());
    assertEquals(2, manifest.get("rejectedByReason").get("not-an-image").asInt());
    assertEquals(1, manifest.get("rejectedByReason").size());
    assertTrue(prepare.stdout().contains("prepare: traits for 24 of 24 images (7 trait types) from 24 metadata files;"
        + " 0 entries refused"), prepare.stdout());
    JsonNode metadata = manifest.get("metadata");
    assertEquals(24, metadata.get("imagesWithMetadata").asInt());
    assertEquals(0, metadata.get("refused").asInt());
    JsonNode seventh = null;
    for (JsonNode record : manifest.get("records")) {
      seventh = record.get("source").asText().equals("images/7.png") ? record : seventh;
    }
    for (JsonNode attribute : token.get("attributes")) {
      assertEquals(attribute.get("value").asText(), seventh.get("traits").get(attribute.get("trait_type").asText())
          .asText(), attribute.toString());
    }
    JsonNode backgrounds = manifest.get("traits").get("types").get("Background");
    int sum = 0;
    for (JsonNode value : backgrounds) {
      sum += value.get("count").asInt();
    }
    assertEquals(24, sum);
    assertEquals("[256,256,3]", manifest.get("shapes").get("rgb256").toString());

    Launcher.Result refused = Launcher.run("prepare", "--input", Launcher.uri(collection), "--output",
        Launcher.uri(dataset));
    assertEquals(1, refused.exitCode(), refused.all());
    assertTrue(refused.stderr().contains("A complete dataset already exists"), refused.stderr());
    assertTrue(Files.exists(dataset.resolve("manifest.json")), "a refused run must keep the dataset");

    Launcher.Result replaced = Launcher.run("prepare", "--input", Launcher.uri(collection), "--output",
        Launcher.uri(dataset), "--overwrite", "--set", "nftgen.prepare.resolutions=[32]");
    assertEquals(0, replaced.exitCode(), replaced.all());
    JsonNode newManifest = new ObjectMapper().readTree(dataset.resolve("manifest.json").toFile());
    assertEquals("[32,32,3]", newManifest.get("shapes").get("rgb32").toString());
  }

  @Test
  void refusesOutputsThatAreNotOurs() throws Exception {
    Path busy = Files.createDirectories(tmp.resolve("home"));
    Files.writeString(busy.resolve("thesis.tex"), "precious");
    Launcher.Result r = Launcher.run("synth", "--output", Launcher.uri(busy), "--count", "4");
    assertEquals(1, r.exitCode(), r.all());
    assertTrue(r.stderr().contains("is not empty and is not an nftgen collection"), r.stderr());
    assertEquals("precious", Files.readString(busy.resolve("thesis.tex")));

    Launcher.Result inside = Launcher.run("prepare", "--input", Launcher.uri(busy), "--output",
        Launcher.uri(busy.resolve("dataset")));
    assertEquals(1, inside.exitCode(), inside.all());
    assertTrue(inside.stderr().contains("overlap"), inside.stderr());
  }

  private static long count(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }
}
