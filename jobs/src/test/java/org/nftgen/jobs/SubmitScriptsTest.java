package org.nftgen.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster submit scripts of deploy/submit build the spark-submit command they should: one per
 * job, the job's class, the shipped config by its bare name, and every value as one argument even
 * when it holds spaces (the Java options always do). A recording stand-in for spark-submit keeps
 * the argv.
 */
class SubmitScriptsTest {
  static final Path SCRIPTS = Launcher.HOME.resolve("deploy/submit");
  /** Every job's script and the class it must submit. */
  static final Map<String, String> CLASSES = Map.of(
      "synth.sh", "org.nftgen.jobs.SynthJob",
      "prepare.sh", "org.nftgen.jobs.PrepareJob",
      "pipeline.sh", "org.nftgen.jobs.PipelineJob",
      "train-dcgan.sh", "org.nftgen.jobs.TrainDcganJob",
      "train-srgan.sh", "org.nftgen.jobs.TrainSrganJob",
      "train-blend.sh", "org.nftgen.jobs.TrainBlendJob",
      "train-traits.sh", "org.nftgen.jobs.TrainTraitsJob",
      "evaluate.sh", "org.nftgen.jobs.EvaluateJob",
      "generate.sh", "org.nftgen.jobs.GenerateJob",
      "bench.sh", "org.nftgen.jobs.BenchJob");

  @TempDir
  Path tmp;

  @Test
  void thereIsOneScriptPerJob() throws Exception {
    try (Stream<Path> files = Files.list(SCRIPTS)) {
      TreeSet<String> scripts = files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".sh") && !n.equals("common.sh")).collect(Collectors.toCollection(TreeSet::new));
      assertEquals(new TreeSet<>(CLASSES.keySet()), scripts);
    }
  }

  @Test
  void eachScriptSubmitsItsJobWithEveryValueAsOneArgument() throws Exception {
    Path recorder = tmp.resolve("spark-submit");
    Files.writeString(recorder, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > \"$ARGV_FILE\"\n");
    assertTrue(recorder.toFile().setExecutable(true));
    String output = "s3a://my bucket/with spaces/out";
    for (Map.Entry<String, String> script : CLASSES.entrySet()) {
      Path argvFile = tmp.resolve(script.getKey() + ".argv");
      ProcessBuilder pb = new ProcessBuilder("bash", SCRIPTS.resolve(script.getKey()).toString(), "--set",
          "nftgen.x=a b").redirectErrorStream(true);
      Map<String, String> env = pb.environment();
      env.put("SPARK_SUBMIT", recorder.toString());
      env.put("ARGV_FILE", argvFile.toString());
      env.put("OUTPUT", output);
      env.put("OFFHEAP", "2g");
      env.put("CONFIG", "conf/my cluster.conf");
      env.put("JAR", "/opt/nftgen/nftgen-jobs.jar");
      Process p = pb.start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), script.getKey());
      assertEquals(0, p.exitValue(), script.getKey() + ": " + log);
      List<String> argv = Files.readAllLines(argvFile, StandardCharsets.UTF_8);
      String name = script.getKey();
      assertEquals(script.getValue(), after(argv, "--class"), name);
      assertEquals("conf/my cluster.conf", after(argv, "--files"), name);
      assertEquals("my cluster.conf", after(argv, "--config"), name + ": the job reads the shipped file by its name");
      assertEquals(output, after(argv, "--output"), name);
      assertTrue(argv.contains("spark.executor.extraJavaOptions=-Dorg.eclipse.deeplearning4j.helpers.disable=false"
          + " -Dorg.bytedeco.javacpp.maxbytes=2g -XX:+ExplicitGCInvokesConcurrent"), name + ": the Java options split: " + argv);
      assertTrue(argv.contains("spark.driver.extraJavaOptions=-Dorg.eclipse.deeplearning4j.helpers.disable=false"
          + " -Dorg.bytedeco.javacpp.maxbytes=2g -XX:+ExplicitGCInvokesConcurrent"), name + ": " + argv);
      // The jar comes right after spark-submit's own options, then the job's; extra arguments last.
      int jar = argv.indexOf("/opt/nftgen/nftgen-jobs.jar");
      assertTrue(jar > argv.indexOf("--class") && jar < argv.indexOf("--config"), name + ": " + argv);
      assertEquals(List.of("--set", "nftgen.x=a b"), argv.subList(argv.size() - 2, argv.size()), name);
    }
  }

  private static String after(List<String> argv, String flag) {
    int i = argv.indexOf(flag);
    assertTrue(i >= 0 && i + 1 < argv.size(), flag + " missing from " + argv);
    return argv.get(i + 1);
  }
}
