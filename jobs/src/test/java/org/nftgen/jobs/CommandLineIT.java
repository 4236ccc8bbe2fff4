package org.nftgen.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's command line: config errors before Spark starts, help, unknown jobs, the pipeline. */
class CommandLineIT {
  @TempDir
  Path tmp;

  @Test
  void unknownKeyFailsBeforeSparkStarts() {
    Launcher.Result r = Launcher.run("synth", "--output", Launcher.uri(tmp.resolve("x")),
        "--set", "nftgen.synth.colour=blue");
    assertEquals(2, r.exitCode(), r.all());
    assertTrue(r.stderr().contains("unknown key 'nftgen.synth.colour'"), r.stderr());
    assertTrue(r.stderr().contains("command line --set"), r.stderr());
    assertFalse(r.all().contains("SparkContext"), "Spark must not start: " + r.all());
    assertFalse(Files.exists(tmp.resolve("x")));
  }

  @Test
  void unknownKeyInAConfigFileNamesTheFile() throws Exception {
    Path conf = tmp.resolve("typo.conf");
    Files.writeString(conf, "include classpath(\"reference.conf\")\nnftgen.prepare.max-pixel = 5\n");
    Launcher.Result r = Launcher.run("prepare", "--config", conf.toString(), "--input", "/nowhere",
        "--output", "/nowhere-else");
    assertEquals(2, r.exitCode(), r.all());
    assertTrue(r.stderr().contains("unknown key 'nftgen.prepare.max-pixel'"), r.stderr());
    assertTrue(r.stderr().contains("typo.conf: 2"), r.stderr());
    assertTrue(r.stderr().contains("did you mean 'max-pixels'"), r.stderr());
  }

  @Test
  void missingRequiredSettingAndUnknownArgumentsAreExplained() {
    Launcher.Result noOutput = Launcher.run("synth");
    assertEquals(2, noOutput.exitCode(), noOutput.all());
    assertTrue(noOutput.stderr().contains("'nftgen.synth.output' is required"), noOutput.stderr());

    Launcher.Result unknown = Launcher.run("prepare", "--inptu", "x");
    assertEquals(2, unknown.exitCode(), unknown.all());
    assertTrue(unknown.stderr().contains("Unknown argument '--inptu'"), unknown.stderr());
    assertTrue(unknown.stderr().contains("--input VALUE"), unknown.stderr());

    Launcher.Result help = Launcher.run("prepare", "--help");
    assertEquals(0, help.exitCode(), help.all());
    assertTrue(help.stdout().contains("usage: nftgen-submit prepare"), help.stdout());

    Launcher.Result badJob = Launcher.run("train-everything");
    assertEquals(2, badJob.exitCode(), badJob.all());
    assertTrue(badJob.stderr().contains("unknown job 'train-everything'"), badJob.stderr());
  }

  @Test
  void pipelineRunsEveryStageOnTheSmokeConfigAndResumes() throws Exception {
    Path work = tmp.resolve("work");
    Launcher.Result r = Launcher.run("pipeline", "--config", "conf/smoke.conf", "--output", Launcher.uri(work));
    assertEquals(0, r.exitCode(), r.all());
    assertTrue(r.stdout().contains("pipeline: done."), r.stdout());
    JsonNode manifest = new ObjectMapper().readTree(work.resolve("dataset/manifest.json").toFile());
    assertEquals(48, manifest.get("accepted").asInt());
    assertEquals("[128,128,3]", manifest.get("shapes").get("rgb128").toString());

    // The DCGAN trained for the pipeline's rounds, and a generated batch whose place is printed.
    assertTrue(Files.exists(work.resolve("dcgan/checkpoints/round-00000002/_COMMITTED")));
    Path batch = work.resolve("batches/batch=pipeline");
    assertTrue(r.stdout().contains("manifest     file:" + batch.resolve("manifest.json")), r.stdout());
    JsonNode generated = Fixtures.checkBatch(batch, 4, 32, 64, 128);
    // Both SRGANs trained (both phases) and each made its own size.
    assertTrue(Files.exists(work.resolve("srgan-x2/checkpoints/round-00000001/_COMMITTED")));
    assertTrue(Files.exists(work.resolve("srgan-x4/checkpoints/round-00000001/_COMMITTED")));
    assertEquals("srgan", generated.get("upscaler").asText());
    JsonNode upscaler = generated.get("models").get("upscaler");
    assertEquals(2, upscaler.get("x2").get("factor").asInt(), upscaler.toString());
    assertEquals(4, upscaler.get("x4").get("factor").asInt(), upscaler.toString());
    assertTrue(upscaler.get("x4").get("sha256").has("state.bin"), upscaler.toString());
    // The DCGAN trained with the pipeline's recipe over the smoke shape, and the contact sheet:
    // 4 images in one row, each at 32, 64 and 128 px side by side with 4 px gutters.
    var saved = com.typesafe.config.ConfigFactory.parseFile(work.resolve("dcgan/config.conf").toFile());
    assertTrue(saved.getBoolean("nftgen.dcgan.spectral-norm") && saved.getBoolean("nftgen.dcgan.flat-background"));
    assertEquals(16, saved.getInt("nftgen.dcgan.ngf"));
    assertEquals(32, saved.getInt("nftgen.dcgan.resolution"));
    // The smoke collection has traits, so the recipe's conditional = auto conditioned the DCGAN on
    // them, and each generated image was made for traits drawn from the collection's rarities.
    assertTrue(saved.getBoolean("nftgen.dcgan.conditional"), saved.root().render());
    assertTrue(generated.get("models").get("generator").get("conditionedOn").size() > 0, generated.toString());
    Path sheet = work.resolve("contact-sheet.png");
    assertTrue(r.stdout().contains("contact sheet file:" + sheet), r.stdout());
    var image = javax.imageio.ImageIO.read(sheet.toFile());
    assertEquals(4 * (4 + 36 + 68 + 132) + 4, image.getWidth());
    assertEquals(128 + 8, image.getHeight());

    Launcher.Result again = Launcher.run("pipeline", "--config", "conf/smoke.conf", "--output", Launcher.uri(work));
    assertEquals(0, again.exitCode(), again.all());
    for (String stage : List.of("synth", "prepare", "train-dcgan", "train-srgan", "generate")) {
      assertTrue(again.stdout().contains("reusing the complete " + stage + " output"), again.stdout());
    }

    // A changed recipe is not served by the old model, nor does it overwrite it: the run stops
    // before any stage, naming the DCGAN's changed key and the batch made from that DCGAN.
    byte[] sheetBytes = Files.readAllBytes(sheet);
    byte[] model = Files.readAllBytes(work.resolve("dcgan/checkpoints/round-00000002/state.bin"));
    Launcher.Result changed = Launcher.run("pipeline", "--config", "conf/smoke.conf", "--output",
        Launcher.uri(work), "--set", "nftgen.pipeline.dcgan.trait-classification=0.7");
    assertEquals(1, changed.exitCode(), changed.all());
    assertTrue(changed.stderr().contains("nftgen.dcgan.trait-classification: 0.3 -> 0.7")
        && changed.stderr().contains("train-dcgan (file:" + work.resolve("dcgan") + ")")
        && changed.stderr().contains("generate-pipeline (file:" + batch + "):\n    made from a different train-dcgan"),
        changed.stderr());
    assertTrue(!changed.stdout().contains("pipeline: running"), changed.stdout());
    assertArrayEquals(sheetBytes, Files.readAllBytes(sheet));
    assertArrayEquals(model, Files.readAllBytes(work.resolve("dcgan/checkpoints/round-00000002/state.bin")));

    // As the message says: delete the listed folders and the run makes them again with the new
    // recipe, reusing the stages that did not change.
    for (Path folder : List.of(work.resolve("dcgan"), batch)) {
      try (var walk = Files.walk(folder)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Launcher.Result redone = Launcher.run("pipeline", "--config", "conf/smoke.conf", "--output",
        Launcher.uri(work), "--set", "nftgen.pipeline.dcgan.trait-classification=0.7");
    assertEquals(0, redone.exitCode(), redone.all());
    assertTrue(redone.stdout().contains("running train-dcgan") && redone.stdout().contains("running generate")
        && redone.stdout().contains("reusing the complete train-srgan"), redone.stdout());
    var retrained = com.typesafe.config.ConfigFactory.parseFile(work.resolve("dcgan/config.conf").toFile());
    assertEquals(0.7, retrained.getDouble("nftgen.dcgan.trait-classification"), 1e-12);
  }
  // bench runs end to end, with its report checked, through its submit script: SubmitScriptsIT.
}
