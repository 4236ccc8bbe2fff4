package org.nftgen.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on 127.0.0.1: a master and workers, each a JVM of its own, run from
 * the Spark jars Maven resolved for the launcher (deploy/spark-runtime). Spark's worker builds
 * executor command lines from {@code $SPARK_HOME/jars}, so a throwaway SPARK_HOME links those jars.
 */
final class StandaloneCluster implements AutoCloseable {
  private static final List<String> OPENS = List.of(
      "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false");
  private final Path home;
  private final Process master;
  final List<Process> workers = new ArrayList<>();
  final int port;
  final int uiPort;

  StandaloneCluster(Path dir, int workerCount, int coresPerWorker, String workerMemory) {
    try {
      home = dir.resolve("spark-home");
      Files.createDirectories(home.resolve("jars"));
      Files.createDirectories(home.resolve("conf"));
      for (String jar : Files.readString(Launcher.HOME.resolve("deploy/spark-runtime/target/spark-classpath.txt"))
          .trim().split(":")) {
        Path link = home.resolve("jars").resolve(Path.of(jar).getFileName());
        if (!Files.exists(link)) {
          Files.createSymbolicLink(link, Path.of(jar));
        }
      }
      port = S3Server.freePort();
      uiPort = S3Server.freePort();
      master = start(dir.resolve("master.log"), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
          "--port", String.valueOf(port), "--webui-port", String.valueOf(uiPort));
      S3Server.waitForPort(port, master, dir.resolve("master.log"));
      for (int i = 0; i < workerCount; i++) {
        Path work = dir.resolve("worker-" + i);
        Files.createDirectories(work);
        workers.add(start(dir.resolve("worker-" + i + ".log"), "org.apache.spark.deploy.worker.Worker", "--host",
            "127.0.0.1", "--cores", String.valueOf(coresPerWorker), "--memory", workerMemory, "--webui-port",
            String.valueOf(S3Server.freePort()), "--work-dir", work.toString(), url()));
      }
      awaitWorkers(workerCount, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url() {
    return "spark://127.0.0.1:" + port;
  }

  private Process start(Path log, String main, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", home.resolve("jars") + "/*"));
    cmd.addAll(OPENS);
    cmd.add(main);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARK_HOME", home.toString());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("SPARK_SCALA_VERSION", "2.12");
    pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    return pb.start();
  }

  /** Alive workers as the master's JSON status page counts them. */
  int aliveWorkers() {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + uiPort + "/json/")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("aliveworkers").asInt();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private void awaitWorkers(int n, Path dir) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (aliveWorkers() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + aliveWorkers() + " of " + n + " workers registered: "
            + S3Server.tail(dir.resolve("worker-0.log")));
      }
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Kills a worker JVM and the executors it started, the way a lost machine disappears. */
  void killWorker(int i) throws InterruptedException {
    Process worker = workers.get(i);
    worker.descendants().forEach(ProcessHandle::destroyForcibly);
    worker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    for (Process p : workers) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
    master.destroy();
    try {
      for (Process p : workers) {
        p.waitFor(10, TimeUnit.SECONDS);
      }
      master.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
