package org.nftgen.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train-dcgan through the launcher on the embedded collection with conf/smoke.conf, 2 workers. */
class TrainDcganIT {
  @TempDir
  static Path tmp;
  static Path dataset;

  @BeforeAll
  static void prepareDataset() {
    dataset = Fixtures.dataset();
  }

  private static Launcher.Result train(Path run, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("--config", "conf/smoke.conf", "--input",
        Launcher.uri(dataset), "--output", Launcher.uri(run)));
    args.addAll(List.of(extra));
    return Launcher.run("train-dcgan", args.toArray(new String[0]));
  }

  @Test
  void trainsCheckpointsAndWritesMetricsSamplesAndPlots() throws Exception {
    Path run = tmp.resolve("run");
    Launcher.Result r = train(run, "--set", "nftgen.train.sample-cell=48");
    assertEquals(0, r.exitCode(), r.all());
    assertTrue(r.stdout().contains("train-dcgan: round 6/6"), r.stdout());
    assertTrue(r.stdout().matches("(?s).*round 3/6 .*images/s  ETA .*"), r.stdout());

    List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
    assertEquals(6, lines.size());
    JsonNode last = new ObjectMapper().readTree(lines.get(5));
    for (String field : List.of("loss/d_real", "loss/d_fake", "loss/g", "D(x)", "D(G(z))", "diversity",
        "timing/round", "timing/averaging", "images/s")) {
      assertTrue(last.has(field) && Double.isFinite(last.get(field).asDouble()), field + " in " + last);
    }
    // A 6-round smoke generator varies from latent to latent, if less than the collection.
    double diversity = last.get("diversity").asDouble();
    assertTrue(diversity > 0.01 && diversity < 5, "diversity " + diversity);
    assertEquals(2, last.get("workers").asInt());
    assertTrue(Files.readString(run.resolve("config.conf")).contains("local-iterations"));
    for (String round : List.of("00000002", "00000004", "00000006")) {
      assertTrue(Files.exists(run.resolve("checkpoints/round-" + round + "/_COMMITTED")), round);
    }
    // The 4x4 sample grid of the configured 48 px cells (the 32 px images enlarged) with 2 px
    // gutters, and the loss plot.
    var grid = ImageIO.read(run.resolve("samples/round-00000006.png").toFile());
    assertEquals(4 * 50 + 2, grid.getWidth());
    assertTrue(Files.exists(run.resolve("samples/round-00000003.png")));
    assertEquals(720, ImageIO.read(run.resolve("loss.png").toFile()).getWidth());

    Path eval = tmp.resolve("eval");
    Launcher.Result evaluated = Launcher.run("evaluate", "--config", "conf/smoke.conf", "--input", Launcher.uri(run),
        "--output", Launcher.uri(eval), "--set", "nftgen.evaluate.sheet-cell=40", "--set",
        "nftgen.evaluate.nearest-pairs=2");
    assertEquals(0, evaluated.exitCode(), evaluated.all());
    JsonNode e = new ObjectMapper().readTree(eval.resolve("evaluation.json").toFile());
    assertEquals(6, e.get("round").asInt());
    for (String field : List.of("kid", "fid", "precision", "recall", "backgroundPurity", "copyRate", "c2st",
        "sharpness", "colours")) {
      assertTrue(e.get(field).isNumber() && e.get("baseline").get(field).isNumber(), field + " in " + e);
    }
    // The two-sample test ran (a balanced accuracy) and the collection's own features were trained
    // and cached beside the dataset; 5 held-out images are too few to calibrate on, and it says so.
    assertTrue(e.get("c2st").asDouble() >= 0 && e.get("c2st").asDouble() <= 1, e.toString());
    assertTrue(e.get("features").asText().startsWith("collection exemplar-cnn"), e.toString());
    try (var cached = Files.list(dataset.resolve("yardstick"))) {
      assertTrue(cached.anyMatch(p -> Files.exists(p.resolve("features.json"))
          && Files.exists(p.resolve("state.f32"))), "no cached features under " + dataset);
    }
    for (String metric : List.of("kid", "fid", "precision", "recall", "c2st", "sharpness", "colours",
        "backgroundPurity", "copyRate")) {
      assertFalse(e.get("calibrated").get(metric).asBoolean(), metric + " in " + e.get("calibrated"));
    }
    assertTrue(e.get("calibration").get("skipped").asText().contains("5 held-out images"), e.toString());
    assertEquals(6, Files.readAllLines(eval.resolve("c2st-scores.csv")).size()); // header + 5 samples
    assertTrue(ImageIO.read(eval.resolve("realness.png").toFile()).getWidth() > 0);
    assertTrue(e.get("fid").asDouble() >= 0 && e.get("precision").asDouble() <= 1, e.toString());
    // The denoised samples (nftgen.denoise defaults to non-local means) are measured too.
    assertEquals("nlmeans", e.get("denoised").get("method").asText(), e.toString());
    assertTrue(e.get("denoised").get("backgroundPurity").isNumber() && e.get("denoised").get("kid").isNumber());
    assertEquals(5, e.get("samples").asInt()); // the held-out tenth of 48 images
    // Two pairs in one row of eight 40 px cells with 2 px gutters, as configured.
    java.awt.image.BufferedImage nearest = ImageIO.read(eval.resolve("nearest.png").toFile());
    assertEquals(8 * 42 + 2, nearest.getWidth());
    assertEquals(42 + 2, nearest.getHeight());

    Launcher.Result refused = train(run);
    assertEquals(1, refused.exitCode(), refused.all());
    assertTrue(refused.stderr().contains("is not empty: pass --resume"), refused.stderr());
  }

  @Test
  void aResumedRunReproducesTheUninterruptedRun() throws Exception {
    Path whole = tmp.resolve("whole");
    assertEquals(0, train(whole, "--rounds", "4").exitCode());
    Path split = tmp.resolve("split");
    assertEquals(0, train(split, "--rounds", "2").exitCode());
    Launcher.Result resumed = train(split, "--rounds", "4", "--resume");
    assertEquals(0, resumed.exitCode(), resumed.all());
    assertTrue(resumed.stdout().contains("resuming from the checkpoint of round 2"), resumed.stdout());
    assertArrayEquals(Files.readAllBytes(whole.resolve("checkpoints/round-00000004/state.bin")),
        Files.readAllBytes(split.resolve("checkpoints/round-00000004/state.bin")));
    assertEquals(4, Files.readAllLines(split.resolve("metrics.jsonl")).size());
  }

  /**
   * The flatness penalty trains flat art with it and other art without it, as generate's palette
   * decides: the embedded collection is flat at the default coverage, and no collection is at a
   * coverage no one colour can reach. The saved config says which ran, and a resume keeps it.
   */
  @Test
  void theFlatnessPenaltyAppliesToFlatArtOnly() throws Exception {
    Path flat = tmp.resolve("flat");
    Launcher.Result kept = train(flat, "--rounds", "1", "--set", "nftgen.dcgan.flatness-penalty=2");
    assertEquals(0, kept.exitCode(), kept.all());
    assertTrue(kept.stdout().contains("flat art, the flatness penalty applies"), kept.stdout());
    assertEquals(2.0, ConfigFactory.parseFile(flat.resolve("config.conf").toFile()).getDouble("nftgen.dcgan.flatness-penalty"));

    Path smooth = tmp.resolve("smooth");
    String[] smoothArt = {"--set", "nftgen.dcgan.flatness-penalty=2", "--set", "nftgen.denoise.palette.colours=1",
        "--set", "nftgen.denoise.palette.coverage=1"};
    Launcher.Result dropped = train(smooth, concat(new String[] {"--rounds", "1"}, smoothArt));
    assertEquals(0, dropped.exitCode(), dropped.all());
    assertTrue(dropped.stdout().contains("trained without the flatness penalty"), dropped.stdout());
    assertEquals(0.0, ConfigFactory.parseFile(smooth.resolve("config.conf").toFile()).getDouble("nftgen.dcgan.flatness-penalty"));
    Launcher.Result resumed = train(smooth, concat(new String[] {"--rounds", "2", "--resume"}, smoothArt));
    assertEquals(0, resumed.exitCode(), resumed.all());

    Launcher.Result refused = train(tmp.resolve("refused"), "--set", "nftgen.dcgan.flatness-collections=some");
    // A settings error, before Spark starts.
    assertEquals(2, refused.exitCode(), refused.all());
    assertTrue(refused.stderr().contains("nftgen.dcgan.flatness-collections"), refused.stderr());
  }

  @Test
  void withPixelGridAutoGPaintsOnTheGridTheTrainingImagesAreOn() throws Exception {
    // The smoke apes are antialiased: on no grid at the default share, so G is left alone.
    Path none = tmp.resolve("grid-none");
    Launcher.Result smooth = train(none, "--rounds", "1", "--set", "nftgen.dcgan.pixel-grid=auto");
    assertEquals(0, smooth.exitCode(), smooth.all());
    assertTrue(smooth.stdout().contains("not pixel art on a grid"), smooth.stdout());
    assertEquals(0, ConfigFactory.parseFile(none.resolve("config.conf").toFile()).getInt("nftgen.dcgan.pixel-grid-factor"));

    // Asking for a share their flat regions reach finds a grid of 16 cells at 32 px: G's output
    // ends on 2 px cells, the factor is saved, and a resume builds the same G.
    Path grid = tmp.resolve("grid");
    String[] onGrid = {"--set", "nftgen.dcgan.pixel-grid=auto", "--set", "nftgen.denoise.pixel-grid.min-share=0.6"};
    Launcher.Result found = train(grid, concat(new String[] {"--rounds", "1"}, onGrid));
    assertEquals(0, found.exitCode(), found.all());
    assertTrue(found.stdout().contains("px: G paints on them"), found.stdout());
    int factor = ConfigFactory.parseFile(grid.resolve("config.conf").toFile()).getInt("nftgen.dcgan.pixel-grid-factor");
    assertTrue(factor >= 2 && 32 % factor == 0, "factor " + factor);
    Launcher.Result resumed = train(grid, concat(new String[] {"--rounds", "2", "--resume"}, onGrid));
    assertEquals(0, resumed.exitCode(), resumed.all());

    Launcher.Result refused = train(tmp.resolve("grid-refused"), "--set", "nftgen.dcgan.pixel-grid=sometimes");
    assertEquals(2, refused.exitCode(), refused.all());
    assertTrue(refused.stderr().contains("nftgen.dcgan.pixel-grid"), refused.stderr());
  }

  private static String[] concat(String[] a, String[] b) {
    return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray(String[]::new);
  }
}
