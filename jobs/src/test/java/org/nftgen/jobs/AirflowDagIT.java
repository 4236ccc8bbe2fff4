package org.nftgen.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What can be tested of the Airflow DAG without Airflow: it compiles, and the spark-submit
 * command it builds for a day's batch runs the job end to end (through the launcher's
 * spark-submit mode, in a working directory holding the --files config as a cluster container
 * would), and a retry after success succeeds without rewriting the batch.
 */
class AirflowDagIT {
  static final Path DAG = Launcher.HOME.resolve("deploy/airflow/nftgen_generate_dag.py");

  @TempDir
  static Path tmp;

  record Ran(int exit, String out) {}

  static Ran run(Path dir, List<String> command) throws Exception {
    Path log = tmp.resolve("cmd-" + System.nanoTime() + ".log");
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("PYTHONPYCACHEPREFIX", tmp.resolve("pycache").toString());
    pb.environment().put("NFTGEN_DRIVER_MEMORY", "2g");
    Process p = pb.start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), String.join(" ", command));
    return new Ran(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  @Test
  void theDagCompilesAndTheCommandItBuildsGeneratesTheDaysBatch() throws Exception {
    Ran compiled = run(tmp, List.of("python3", "-m", "py_compile", DAG.toString()));
    assertEquals(0, compiled.exit(), compiled.out());

    Path prefix = tmp.resolve("generated");
    Ran printed = run(tmp, List.of("python3", DAG.toString(), "--batch-id", "20260315",
        "--jar", Launcher.HOME.resolve("jobs/target/nftgen-jobs.jar").toString(),
        "--config", Launcher.HOME.resolve("conf/smoke.conf").toString(),
        "--generator", Launcher.uri(Fixtures.trainedRun()), "--output", Launcher.uri(prefix), "--count", "3",
        "--master", "local[2]", "--deploy-mode", "client",
        "--conf", "spark.executor.memory=1g", "--conf", "spark.ui.enabled=false"));
    assertEquals(0, printed.exit(), printed.out());
    List<String> argv = new ArrayList<>();
    new ObjectMapper().readTree(printed.out()).forEach(a -> argv.add(a.asText()));
    assertEquals("spark-submit", argv.get(0));
    assertEquals(Launcher.HOME.resolve("conf/smoke.conf").toString(), argv.get(argv.indexOf("--files") + 1));
    assertEquals("org.nftgen.jobs.GenerateJob", argv.get(argv.indexOf("--class") + 1));
    assertEquals("smoke.conf", argv.get(argv.indexOf("--config") + 1));
    assertEquals("20260315", argv.get(argv.indexOf("--batch-id") + 1));
    assertTrue(argv.contains("--skip-complete"), argv.toString());

    // The driver's working directory, holding the --files config as YARN/Kubernetes would put it.
    Path container = tmp.resolve("container");
    Files.createDirectories(container);
    Files.copy(Launcher.HOME.resolve("conf/smoke.conf"), container.resolve("smoke.conf"));
    List<String> command = new ArrayList<>(List.of(Launcher.HOME.resolve("deploy/bin/nftgen-submit").toString(),
        "spark-submit"));
    command.addAll(argv.subList(1, argv.size()));
    Ran submitted = run(container, command);
    assertEquals(0, submitted.exit(), submitted.out());
    JsonNode manifest = Fixtures.checkBatch(prefix.resolve("batch=20260315"), 3, 32, 64, 128);
    assertEquals("20260315", manifest.get("batchId").asText());

    // An Airflow retry of a task that had in fact succeeded: nothing to do, the batch untouched.
    byte[] before = Files.readAllBytes(prefix.resolve("batch=20260315/manifest.json"));
    Ran retried = run(container, command);
    assertEquals(0, retried.exit(), retried.out());
    assertTrue(retried.out().contains("batch 20260315 is already complete at"), retried.out());
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(prefix.resolve("batch=20260315/manifest.json"))));
    Fixtures.checkBatch(prefix.resolve("batch=20260315"), 3, 32, 64, 128);
  }
}
