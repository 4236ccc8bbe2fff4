package org.nftgen.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train-srgan through the launcher on the embedded collection with conf/smoke.conf (2 workers):
 * both phases for 2x and 4x, then evaluate on each run.
 */
class TrainSrganIT {
  @TempDir
  static Path tmp;
  static Path dataset;

  @BeforeAll
  static void prepareDataset() {
    Launcher.Result r = Launcher.run("pipeline", "--config", "conf/smoke.conf", "--until", "prepare",
        "--output", Launcher.uri(tmp.resolve("p")));
    assertEquals(0, r.exitCode(), r.all());
    dataset = tmp.resolve("p/dataset");
  }

  private static Launcher.Result train(Path run, String... extra) {
    List<String> args = new ArrayList<>(List.of("--config", "conf/smoke.conf", "--input", Launcher.uri(dataset),
        "--output", Launcher.uri(run)));
    args.addAll(List.of(extra));
    return Launcher.run("train-srgan", args.toArray(new String[0]));
  }

  @Test
  void trainsBothPhasesAtBothFactorsAndEvaluates() throws Exception {
    for (int factor : new int[] {2, 4}) {
      Path run = tmp.resolve("run" + factor);
      Launcher.Result r = train(run, "--factor", String.valueOf(factor));
      assertEquals(0, r.exitCode(), r.all());
      assertTrue(r.stdout().contains("phase 1, content pre-training with DL4J's SparkComputationGraph"), r.stdout());
      assertTrue(r.stdout().contains("phase 1 epoch 2/2"), r.stdout());
      assertTrue(r.stdout().contains("train-srgan: round 6/6"), r.stdout());
      assertTrue(r.stdout().contains("done; x" + factor), r.stdout());

      assertEquals(2, Files.readAllLines(run.resolve("pretrain.jsonl")).size());
      assertTrue(Files.exists(run.resolve("pretrained/generator.bin")));
      List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
      assertEquals(6, lines.size());
      JsonNode last = new ObjectMapper().readTree(lines.get(5));
      for (String field : List.of("loss/content", "loss/g_adversarial", "loss/d_real", "loss/d_fake", "D(x)",
          "D(G(lr))", "timing/round", "images/s")) {
        assertTrue(last.has(field) && Double.isFinite(last.get(field).asDouble()), field + " in " + last);
      }
      assertEquals(2, last.get("workers").asInt());
      assertTrue(Files.readString(run.resolve("config.conf")).contains("srgan"));
      assertTrue(Files.exists(run.resolve("checkpoints/round-00000006/_COMMITTED")));
      // Sample sheets: 4 rows (sample-grid) of LR | bicubic | SR | HR at 128 px, 2 px gutters.
      var sheet = ImageIO.read(run.resolve("samples/round-00000006.png").toFile());
      assertEquals(4 * 130 + 2, sheet.getWidth());
      assertEquals(4 * 130 + 2, sheet.getHeight());
      assertTrue(Files.exists(run.resolve("samples/pretrained.png")));
      assertEquals(720, ImageIO.read(run.resolve("loss.png").toFile()).getWidth());

      Path eval = tmp.resolve("eval" + factor);
      Launcher.Result evaluated = Launcher.run("evaluate", "--config", "conf/smoke.conf", "--input",
          Launcher.uri(run), "--output", Launcher.uri(eval));
      assertEquals(0, evaluated.exitCode(), evaluated.all());
      JsonNode e = new ObjectMapper().readTree(eval.resolve("evaluation.json").toFile());
      assertEquals("srgan", e.get("kind").asText());
      assertEquals(5, e.get("samples").asInt()); // the held-out tenth of 48 images
      JsonNode x = e.get("x" + factor);
      for (String field : List.of("psnr", "ssim", "psnrBicubic", "ssimBicubic", "psnrNearest", "ssimNearest",
          "psnrDenoisedInput", "ssimDenoisedInput")) {
        assertTrue(x.get(field).isNumber() && Double.isFinite(x.get(field).asDouble()), field + " in " + e);
      }
      assertTrue(x.get("ssimBicubic").asDouble() > 0 && x.get("ssimBicubic").asDouble() <= 1, e.toString());
      // Bicubic beats nearest neighbour on smooth drawings: a check on the protocol, not the model.
      assertTrue(x.get("psnrBicubic").asDouble() > x.get("psnrNearest").asDouble(), e.toString());
      assertTrue(ImageIO.read(eval.resolve("comparison.png").toFile()).getWidth() > 0);
    }
  }

  @Test
  void aResumedRunSkipsPhaseOneAndReproducesTheUninterruptedRun() throws Exception {
    Path whole = tmp.resolve("whole");
    assertEquals(0, train(whole, "--rounds", "4").exitCode());
    Path split = tmp.resolve("split");
    assertEquals(0, train(split, "--rounds", "2").exitCode());
    Launcher.Result resumed = train(split, "--rounds", "4", "--resume");
    assertEquals(0, resumed.exitCode(), resumed.all());
    assertTrue(resumed.stdout().contains("phase 1 already done (2 epochs)"), resumed.stdout());
    assertTrue(resumed.stdout().contains("resuming from the checkpoint of round 2"), resumed.stdout());
    assertArrayEquals(Files.readAllBytes(whole.resolve("checkpoints/round-00000004/state.bin")),
        Files.readAllBytes(split.resolve("checkpoints/round-00000004/state.bin")));
  }
}
