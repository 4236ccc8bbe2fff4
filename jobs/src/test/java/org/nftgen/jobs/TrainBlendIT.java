package org.nftgen.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train-blend through the launcher on the two embedded styles with conf/smoke.conf, 2 workers. */
class TrainBlendIT {
  @TempDir
  static Path tmp;
  static Path apes;
  static Path punks;

  @BeforeAll
  static void prepareDatasets() {
    Launcher.Result a = Launcher.run("pipeline", "--config", "conf/smoke.conf", "--until", "prepare",
        "--output", Launcher.uri(tmp.resolve("a")));
    assertEquals(0, a.exitCode(), a.all());
    Launcher.Result b = Launcher.run("pipeline", "--config", "conf/smoke.conf", "--until", "prepare",
        "--output", Launcher.uri(tmp.resolve("b")),
        "--set", "nftgen.synth.style=punks", "--set", "nftgen.synth.count=40");
    assertEquals(0, b.exitCode(), b.all());
    apes = tmp.resolve("a/dataset");
    punks = tmp.resolve("b/dataset");
  }

  @Test
  void trainsBothDiscriminatorsAndEvaluatesWhereTheBlendSits() throws Exception {
    Path run = tmp.resolve("run");
    Launcher.Result r = Launcher.run("train-blend", "--config", "conf/smoke.conf", "--input", Launcher.uri(apes),
        "--input2", Launcher.uri(punks), "--output", Launcher.uri(run));
    assertEquals(0, r.exitCode(), r.all());
    assertTrue(r.stdout().contains("train-blend: round 6/6"), r.stdout());
    // 48 apes and 40 punks, a tenth of each held out.
    assertTrue(r.stdout().contains("43 + 36 training images, generator loss max"), r.stdout());

    List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
    assertEquals(6, lines.size());
    JsonNode last = new ObjectMapper().readTree(lines.get(5));
    for (String field : List.of("loss/d1_real", "loss/d1_fake", "loss/d2_real", "loss/d2_fake", "loss/g", "D1(x)",
        "D2(x)", "D1(G(z))", "D2(G(z))", "g_weight/d1", "g_weight/d2", "images/s")) {
      assertTrue(last.has(field) && Double.isFinite(last.get(field).asDouble()), field + " in " + last);
    }
    // With max, every fake's loss is one discriminator's: the shares add up to one.
    assertEquals(1.0, last.get("g_weight/d1").asDouble() + last.get("g_weight/d2").asDouble(), 1e-9);
    assertTrue(Files.exists(run.resolve("checkpoints/round-00000006/_COMMITTED")));
    assertTrue(Files.exists(run.resolve("samples/round-00000006.png")));
    assertTrue(Files.exists(run.resolve("loss.png")));
    assertTrue(Files.readString(run.resolve("config.conf")).contains("train-blend"));

    Path eval = tmp.resolve("eval");
    JsonNode e = evaluate(run, eval);
    assertEquals(4, e.get("samples").asInt()); // the smaller held-out tenth: 4 punks
    assertEquals("two-discriminators", e.get("method").asText());
    List<String> scores = Files.readAllLines(eval.resolve("blend-scores.csv"));
    assertEquals(5, scores.size()); // header + 4 samples
    assertEquals("sample,d1,d2,realnessA,realnessB", scores.get(0));
    assertEquals(12 * 66 + 2, ImageIO.read(eval.resolve("blend.png").toFile()).getWidth());
  }

  @Test
  void layerSwapTrainsAThenFineTunesOnBAndBlendsTheirLayers() throws Exception {
    Path run = tmp.resolve("swap");
    Launcher.Result r = Launcher.run("train-blend", "--config", "conf/smoke.conf", "--method", "layer-swap",
        "--input", Launcher.uri(apes), "--input2", Launcher.uri(punks), "--output", Launcher.uri(run));
    assertEquals(0, r.exitCode(), r.all());
    // Half the 6 rounds train A's generator, the other half fine-tune a copy on B.
    assertTrue(r.stdout().contains("training the generator of A on ") && r.stdout().contains("fine-tuning A's generator on "),
        r.stdout());
    for (String parent : List.of("parent-a", "parent-b")) {
      assertTrue(Files.exists(run.resolve(parent + "/checkpoints/round-00000003/_COMMITTED")), parent);
      assertEquals(3, Files.readAllLines(run.resolve(parent + "/metrics.jsonl")).size(), parent);
      assertTrue(Files.readString(run.resolve(parent + "/config.conf")).contains("train-dcgan"), parent);
    }
    assertTrue(Files.readString(run.resolve("parent-a/config.conf")).contains("a/dataset"));
    assertTrue(Files.readString(run.resolve("parent-b/config.conf")).contains("b/dataset"));
    Path blend = run.resolve("checkpoints/round-00000006");
    assertTrue(Files.exists(blend.resolve("_COMMITTED")));
    assertTrue(Files.exists(run.resolve("samples/round-00000006.png")));
    JsonNode record = new ObjectMapper().readTree(blend.resolve("layer-swap.json").toFile());
    // 32 px: stages at 4, 8, 16 and 32 px, the default schedule takes all but the output from A.
    List<Double> weights = new java.util.ArrayList<>();
    record.get("stages").forEach(s -> weights.add(s.get("weightOfA").asDouble()));
    assertEquals(List.of(1.0, 1.0, 1.0, 0.0), weights);
    for (String parent : List.of("parentA", "parentB")) {
      JsonNode p = record.get(parent);
      Path state = Path.of(java.net.URI.create(p.get("checkpoint").asText())).resolve("state.bin");
      assertEquals(org.nftgen.run.CheckpointStore.sha256(Files.readAllBytes(state)), p.get("stateSha256").asText(),
          parent);
    }

    Path eval = tmp.resolve("swap-eval");
    JsonNode e = evaluate(run, eval);
    assertEquals("layer-swap", e.get("method").asText());
    assertTrue(Files.exists(eval.resolve("blend.png")));

    // The two parents given, another schedule is blended at once: all from B is B's generator.
    Path again = tmp.resolve("swap-again");
    Launcher.Result reblend = Launcher.run("train-blend", "--config", "conf/smoke.conf", "--method", "layer-swap",
        "--input", Launcher.uri(apes), "--input2", Launcher.uri(punks), "--output", Launcher.uri(again),
        "--set", "nftgen.blend.layer-swap.parent-a=" + Launcher.uri(run.resolve("parent-a")),
        "--set", "nftgen.blend.layer-swap.parent-b=" + Launcher.uri(run.resolve("parent-b")),
        "--set", "nftgen.blend.layer-swap.schedule=[0, 0, 0, 0]");
    assertEquals(0, reblend.exitCode(), reblend.all());
    assertTrue(!reblend.stdout().contains("fine-tuning") && !Files.exists(again.resolve("parent-a"))
        && !Files.exists(again.resolve("parent-b")), reblend.stdout());
    assertTrue(Files.exists(again.resolve("checkpoints/round-00000006/_COMMITTED")));
    byte[][] images = new byte[2][];
    int k = 0;
    for (Path generator : List.of(again, run.resolve("parent-b"))) {
      Path out = tmp.resolve("swap-batches-" + k);
      Launcher.Result generated = Launcher.run("generate", "--config", "conf/smoke.conf", "--generator",
          Launcher.uri(generator), "--batch-id", "swap", "--seed", "5", "--output", Launcher.uri(out));
      assertEquals(0, generated.exitCode(), generated.all());
      images[k++] = Files.readAllBytes(out.resolve("batch=swap/32/0.png"));
    }
    assertArrayEquals(images[1], images[0]);
    JsonNode given = new ObjectMapper().readTree(again.resolve("checkpoints/round-00000006/layer-swap.json").toFile());
    assertTrue(given.get("parentB").get("collection").asText().endsWith("b/dataset"), given.toString());

    // A parent inside the --output that --overwrite would empty is refused, and nothing is lost.
    Launcher.Result inside = Launcher.run("train-blend", "--config", "conf/smoke.conf", "--method", "layer-swap",
        "--input", Launcher.uri(apes), "--input2", Launcher.uri(punks), "--output", Launcher.uri(run), "--overwrite",
        "--set", "nftgen.blend.layer-swap.parent-a=" + Launcher.uri(run.resolve("parent-a")));
    assertEquals(1, inside.exitCode(), inside.all()); // found once Spark is up: a failed job, not bad arguments
    assertTrue(inside.stderr().contains("nftgen.blend.layer-swap.parent-a") && inside.stderr().contains("another --output"),
        inside.stderr());
    assertTrue(Files.exists(run.resolve("parent-a/checkpoints/round-00000003/_COMMITTED")));
    assertTrue(Files.exists(blend.resolve("_COMMITTED")));

    // The two-discriminator method trains on from the layer swap's blend (generator and both Ds) ...
    Path onward = tmp.resolve("swap-and");
    Launcher.Result and = Launcher.run("train-blend", "--config", "conf/smoke.conf", "--input", Launcher.uri(apes),
        "--input2", Launcher.uri(punks), "--output", Launcher.uri(onward), "--rounds", "2",
        "--set", "nftgen.blend.start-from=" + Launcher.uri(run));
    assertEquals(0, and.exitCode(), and.all());
    assertTrue(and.stdout().contains("nftgen.blend.start-from: ") && and.stdout().contains("round-00000006 (round 6)"),
        and.stdout());
    assertTrue(Files.exists(onward.resolve("checkpoints/round-00000002/_COMMITTED")));
    // ... but not from a single-discriminator run, refused before its run folder is made.
    Launcher.Result wrong = Launcher.run("train-blend", "--config", "conf/smoke.conf", "--input", Launcher.uri(apes),
        "--input2", Launcher.uri(punks), "--output", Launcher.uri(tmp.resolve("swap-wrong")),
        "--set", "nftgen.blend.start-from=" + Launcher.uri(run.resolve("parent-a")));
    assertEquals(1, wrong.exitCode(), wrong.all());
    assertTrue(wrong.stderr().contains("is a train-dcgan run, not a train-blend run"), wrong.stderr());
    assertTrue(!Files.exists(tmp.resolve("swap-wrong")));
  }

  /** evaluate on a blend run through the launcher; its evaluation.json, with the blend's fields checked. */
  private static JsonNode evaluate(Path run, Path eval) throws Exception {
    Launcher.Result evaluated = Launcher.run("evaluate", "--config", "conf/smoke.conf", "--input", Launcher.uri(run),
        "--output", Launcher.uri(eval));
    assertEquals(0, evaluated.exitCode(), evaluated.all());
    JsonNode e = new ObjectMapper().readTree(eval.resolve("evaluation.json").toFile());
    assertBlendFields(e);
    return e;
  }

  /** What evaluate reports on a blend of either method, and its verdicts from those numbers. */
  private static void assertBlendFields(JsonNode e) {
    for (String field : List.of("kidToA", "kidToB", "kidAB", "kidABOnBFeatures", "d1MeanScore", "d2MeanScore",
        "fooledBothShare", "c2stToA", "c2stToB", "c2stAB")) {
      assertTrue(e.get(field).isNumber(), field + " in " + e);
    }
    // Each collection's KID on its own features: the blend nearer to it than the other collection is.
    assertEquals(e.get("kidToA").asDouble() < e.get("kidAB").asDouble()
        && e.get("kidToB").asDouble() < e.get("kidABOnBFeatures").asDouble(), e.get("between").asBoolean());
    assertEquals(e.get("c2stToA").asDouble() < e.get("c2stAB").asDouble()
        && e.get("c2stToB").asDouble() < e.get("c2stAB").asDouble(), e.get("harderThanAB").asBoolean());
    assertTrue(e.get("features").get("a").asText().contains("collection"), e.toString());
  }


  @Test
  void aLayerSwapScheduleOfTheWrongLengthIsRefusedBeforeAnythingIsWritten() {
    Launcher.Result r = Launcher.run("train-blend", "--config", "conf/smoke.conf", "--method", "layer-swap",
        "--input", Launcher.uri(apes), "--input2", Launcher.uri(punks), "--output", Launcher.uri(tmp.resolve("bad")),
        "--set", "nftgen.blend.layer-swap.schedule=[1, 0]");
    assertEquals(2, r.exitCode(), r.all());
    assertTrue(r.stderr().contains("nftgen.blend.layer-swap.schedule") && r.stderr().contains("4 resolution stages"),
        r.stderr());
    assertTrue(!Files.exists(tmp.resolve("bad")));
  }

  @Test
  void aMissingSecondCollectionIsAConfigError() {
    Launcher.Result r = Launcher.run("train-blend", "--config", "conf/smoke.conf", "--input", Launcher.uri(apes),
        "--output", Launcher.uri(tmp.resolve("nothing")));
    assertEquals(2, r.exitCode(), r.all());
    assertTrue(r.stderr().contains("nftgen.blend.second-input") && r.stderr().contains("--input2"), r.stderr());
    assertTrue(!Files.exists(tmp.resolve("nothing")));
  }
}
