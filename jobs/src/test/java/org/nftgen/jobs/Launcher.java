package org.nftgen.jobs;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code deploy/bin/nftgen-submit} as a user would, in its own process, on the shaded jar
 * that {@code mvn package} built: the integration tests exercise exactly what users run.
 */
final class Launcher {
  static final Path HOME = Path.of(System.getProperty("nftgen.home", "..")).toAbsolutePath().normalize();

  record Result(int exitCode, String stdout, String stderr) {
    String all() {
      return stdout + "\n" + stderr;
    }
  }

  private Launcher() {}

  /** Runs a job on local[2] without the web UI; fails the test if it takes over 5 minutes. */
  static Result run(String job, String... args) {
    return run(Map.of(), job, args);
  }

  /** As {@link #run(String, String...)}, with extra environment variables (e.g. S3 credentials). */
  static Result run(Map<String, String> env, String job, String... args) {
    try {
      Path out = Files.createTempFile("nftgen-out", ".log");
      Path err = Files.createTempFile("nftgen-err", ".log");
      Process p = start(env, out, err, job, args);
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("nftgen-submit " + job + " did not finish in 5 minutes");
      }
      Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
      Files.delete(out);
      Files.delete(err);
      return r;
    } catch (IOException e) {
      throw new AssertionError("cannot start the launcher: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Starts a job in the background (local[2], no web UI unless the arguments say otherwise; a later
   * {@code --master} wins). The launcher execs java, so the process is the driver JVM itself:
   * killing it kills the job.
   */
  static Process start(Map<String, String> env, Path out, Path err, String job, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(HOME.resolve("deploy/bin/nftgen-submit").toString(), job,
        "--master", "local[2]", "--conf", "spark.ui.enabled=false"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(HOME.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("NFTGEN_DRIVER_MEMORY", "2g");
    pb.environment().putAll(env);
    return pb.start();
  }

  static String uri(Path p) {
    return p.toUri().toString();
  }

  static String uri(File f) {
    return uri(f.toPath());
  }
}
