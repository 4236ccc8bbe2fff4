package org.nftgen.jobs;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    List<String> command = new ArrayList<>(List.of(HOME.resolve("deploy/bin/nftgen-submit").toString(), job,
        "--master", "local[2]", "--conf", "spark.ui.enabled=false"));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("nftgen-out", ".log");
      Path err = Files.createTempFile("nftgen-err", ".log");
      ProcessBuilder pb = new ProcessBuilder(command).directory(HOME.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().put("NFTGEN_DRIVER_MEMORY", "2g");
      Process p = pb.start();
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

  static String uri(Path p) {
    return p.toUri().toString();
  }

  static String uri(File f) {
    return uri(f.toPath());
  }
}
