package org.nftgen.jobs;

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
    Launcher.Result evaluated = Launcher.run("evaluate", "--config", "conf/smoke.conf", "--input", Launcher.uri(run),
        "--output", Launcher.uri(eval));
    assertEquals(0, evaluated.exitCode(), evaluated.all());
    JsonNode e = new ObjectMapper().readTree(eval.resolve("evaluation.json").toFile());
    for (String field : List.of("kidToA", "kidToB", "kidAB", "d1MeanScore", "d2MeanScore", "fooledBothShare")) {
      assertTrue(e.get(field).isNumber(), field + " in " + e);
    }
    assertEquals(4, e.get("samples").asInt()); // the smaller held-out tenth: 4 punks
    assertEquals(e.get("kidToA").asDouble() < e.get("kidAB").asDouble()
        && e.get("kidToB").asDouble() < e.get("kidAB").asDouble(), e.get("between").asBoolean());
    assertEquals(5, Files.readAllLines(eval.resolve("blend-scores.csv")).size()); // header + 4 samples
    assertEquals(12 * 66 + 2, ImageIO.read(eval.resolve("blend.png").toFile()).getWidth());
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
