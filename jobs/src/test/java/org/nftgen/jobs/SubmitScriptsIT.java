package org.nftgen.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every script of deploy/submit runs its job end to end, as an operator would run it against a
 * cluster, here through {@code deploy/bin/nftgen-submit spark-submit} on local[2] with the smoke
 * configuration shipped by {@code --files} under a name with a space. A stand-in for spark-submit
 * keeps each argv (checked) and hands it on unchanged; each job's outputs are checked, and each
 * script feeds the next as the README's walk-through does (synth, prepare, train, evaluate, generate).
 * The argv's finer points (quoting, order) are {@link SubmitScriptsTest}'s.
 */
class SubmitScriptsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void everyScriptRunsItsJobEndToEnd() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("work"));
    Files.copy(Launcher.HOME.resolve("conf/smoke.conf"), work.resolve("smoke cluster.conf"));
    Path argvs = Files.createDirectories(tmp.resolve("argv"));
    Path sparkSubmit = tmp.resolve("spark-submit");
    // Records the argv (one file per call), then runs it as spark-submit would.
    Files.writeString(sparkSubmit, "#!/usr/bin/env bash\n"
        + "n=$(ls \"$ARGV_DIR\" | wc -l)\n"
        + "printf '%s\\n' \"$@\" > \"$ARGV_DIR/$n.argv\"\n"
        + "exec \"$NFTGEN_HOME/deploy/bin/nftgen-submit\" spark-submit \"$@\"\n");
    assertTrue(sparkSubmit.toFile().setExecutable(true));
    Map<String, String> env = new HashMap<>(Map.of(
        "SPARK_SUBMIT", sparkSubmit.toString(),
        "ARGV_DIR", argvs.toString(),
        "NFTGEN_HOME", Launcher.HOME.toString(),
        "MASTER", "local[2]",
        "DEPLOY_MODE", "client",
        "JAR", Launcher.HOME.resolve("jobs/target/nftgen-jobs.jar").toString(),
        "CONFIG", work.resolve("smoke cluster.conf").toString(),
        "WORKERS", "2",
        "NFTGEN_DRIVER_MEMORY", "2g"));

    String apes = uri(work, "raw-apes");
    String punks = uri(work, "raw-punks");
    submit(work, env, "synth.sh", "OUTPUT", apes, "STYLE", "apes", "COUNT", "48");
    submit(work, env, "synth.sh", "OUTPUT", punks, "STYLE", "punks", "COUNT", "48");
    submit(work, env, "prepare.sh", "INPUT", apes, "OUTPUT", uri(work, "ds-apes"));
    submit(work, env, "prepare.sh", "INPUT", punks, "OUTPUT", uri(work, "ds-punks"));
    JsonNode manifest = JSON.readTree(work.resolve("ds-apes/manifest.json").toFile());
    assertEquals(48, manifest.get("accepted").asInt(), manifest.toString());
    assertEquals(48, manifest.get("metadata").get("imagesWithMetadata").asInt(), manifest.toString());

    submit(work, env, "train-dcgan.sh", "INPUT", uri(work, "ds-apes"), "OUTPUT", uri(work, "dcgan"), "ROUNDS", "2");
    assertTrue(Files.exists(work.resolve("dcgan/checkpoints/round-00000002/_COMMITTED")));
    submit(work, env, "train-srgan.sh", "INPUT", uri(work, "ds-apes"), "OUTPUT", uri(work, "srgan"),
        "FACTOR", "4", "ROUNDS", "2");
    assertTrue(Files.exists(work.resolve("srgan/checkpoints/round-00000002/_COMMITTED")));
    submit(work, env, "train-blend.sh", "INPUT", uri(work, "ds-apes"), "INPUT2", uri(work, "ds-punks"),
        "OUTPUT", uri(work, "blend"), "ROUNDS", "2");
    assertTrue(Files.exists(work.resolve("blend/checkpoints/round-00000002/_COMMITTED")));
    submit(work, env, "train-traits.sh", "INPUT", uri(work, "ds-apes"), "OUTPUT", uri(work, "traits"),
        "EPOCHS", "1");
    assertEquals("trait-classifier", JSON.readTree(work.resolve("traits/evaluation.json").toFile()).get("kind").asText());

    submit(work, env, "evaluate.sh", "INPUT", uri(work, "dcgan"), "OUTPUT", uri(work, "eval"));
    JsonNode evaluation = JSON.readTree(work.resolve("eval/evaluation.json").toFile());
    assertTrue(evaluation.has("c2st"), evaluation.toString());

    submit(work, env, "generate.sh", "GENERATOR", uri(work, "dcgan"), "UPSCALER", uri(work, "srgan"),
        "BATCH_ID", "20261202", "COUNT", "4", "OUTPUT", uri(work, "generated"));
    Fixtures.checkBatch(work.resolve("generated/batch=20261202"), 4, 32, 64, 128); // 4x in two 2x passes

    submit(work, env, "pipeline.sh", "OUTPUT", uri(work, "pipeline"));
    Fixtures.checkBatch(work.resolve("pipeline/batches/batch=pipeline"), 4, 32, 64, 128);

    submit(work, env, "bench.sh", "OUTPUT", uri(work, "bench"));
    checkBench(JSON.readTree(work.resolve("bench/bench.json").toFile()));

    // Each call went through the stand-in with its job's class and the shipped config.
    List<String> classes = new java.util.ArrayList<>();
    assertEquals(12, argvs.toFile().list().length, "one spark-submit per script run");
    for (int i = 0; i < 12; i++) {
      List<String> argv = Files.readAllLines(argvs.resolve(i + ".argv"), StandardCharsets.UTF_8);
      classes.add(argv.get(argv.indexOf("--class") + 1));
      assertEquals(work.resolve("smoke cluster.conf").toString(), argv.get(argv.indexOf("--files") + 1));
      assertEquals("smoke cluster.conf", argv.get(argv.indexOf("--config") + 1));
    }
    assertEquals(new TreeSet<>(SubmitScriptsTest.CLASSES.values()), new TreeSet<>(classes));
  }

  /** The bench job's report: every section measured, with the smoke shapes. */
  private static void checkBench(JsonNode bench) {
    assertTrue(bench.get("onednnHelpers").asBoolean(), "the scripts must turn the oneDNN helpers on");
    assertTrue(bench.get("peak").get("sgemmGflops").asDouble() > 0);
    JsonNode batch = bench.get("training").get("batch8");
    assertTrue(batch.get("imagesPerSecond").asDouble() > 0);
    assertEquals(8 / batch.get("msPerIteration").asDouble() * 1e3, batch.get("imagesPerSecond").asDouble(), 1e-6);
    assertTrue(batch.get("pytorch").get("skipped").asText().contains("64x64"), batch.toString());
    assertTrue(bench.get("averaging").get("shareOfRound").asDouble() >= 0);
    assertTrue(bench.get("inference").get("imagesPerSecond").asDouble() > 0);
    JsonNode generation = bench.get("generation");
    assertEquals(4, generation.get("images").asInt());
    assertEquals("32,64,128", generation.get("sides").asText());
    assertTrue(generation.get("imagesPerSecondPerTask").asDouble() > 0, generation.toString());
    assertTrue(generation.get("denoiseMsPerImage").asDouble() > 0, generation.toString());
    // The same with untrained 2x and 4x SRGANs of the smoke shape, as the pipeline generates.
    JsonNode withSrgan = generation.get("srgan");
    assertEquals("srgan 2x + 4x", withSrgan.get("upscaler").asText());
    assertEquals("32,64,128", withSrgan.get("sides").asText());
    assertTrue(withSrgan.get("upscaleMsPerImage").asDouble() > 0, withSrgan.toString());
    assertTrue(withSrgan.get("imagesPerSecondPerMachine").asDouble() > 0, withSrgan.toString());
    // One task given every core denoises that many images at once.
    JsonNode wide = withSrgan.get("oneTaskAllCores");
    assertEquals(Runtime.getRuntime().availableProcessors(), wide.get("denoiseThreads").asInt(), wide.toString());
    assertTrue(wide.get("imagesPerSecondPerTask").asDouble() > 0, wide.toString());
    JsonNode sr = bench.get("superResolution");
    assertEquals(64, sr.get("outputSide").asInt()); // smoke: 16 -> 64 px
    assertTrue(sr.get("imagesPerSecond").asDouble() > 0, sr.toString());
    assertTrue(sr.get("graphMsPerBatch").asDouble() > 0, sr.toString());
    assertTrue(sr.get("denoise").get("msPerImage256").asDouble() > 0, sr.toString());
  }

  private static String uri(Path work, String name) {
    return Launcher.uri(work.resolve(name));
  }

  /** Runs one script from the work folder (where the shipped config lies) with the given variables. */
  private static void submit(Path work, Map<String, String> env, String script, String... variables)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("nftgen-submit", ".log");
    ProcessBuilder pb = new ProcessBuilder("bash", Launcher.HOME.resolve("deploy/submit/" + script).toString())
        .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    for (int i = 0; i < variables.length; i += 2) {
      pb.environment().put(variables[i], variables[i + 1]);
    }
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(script + " did not finish in 5 minutes");
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    assertEquals(0, p.exitValue(), script + " failed:\n" + output);
  }
}
