package org.nftgen.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/gpu/getGpusResources.sh prints Spark's resource JSON, with a fake nvidia-smi and with none. */
class GpuDiscoveryScriptTest {
  static final Path SCRIPT = Path.of(System.getProperty("nftgen.home", "..")).toAbsolutePath().normalize()
      .resolve("deploy/gpu/getGpusResources.sh");

  @TempDir
  Path bin;

  private String run(String path) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true);
    pb.environment().put("PATH", path);
    Process p = pb.start();
    p.waitFor(30, TimeUnit.SECONDS);
    assertEquals(0, p.exitValue());
    return new String(p.getInputStream().readAllBytes()).trim();
  }

  @Test
  void listsTheGpusNvidiaSmiReports() throws Exception {
    Path fake = bin.resolve("nvidia-smi");
    Files.writeString(fake, "#!/bin/sh\nprintf '0\\n 1\\n3\\n'\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertEquals("{\"name\": \"gpu\", \"addresses\": [\"0\",\"1\",\"3\"]}", run(bin + ":/usr/bin:/bin"));
  }

  @Test
  void anEmptyListWithoutNvidiaSmi() throws Exception {
    assertEquals("{\"name\": \"gpu\", \"addresses\": []}", run(bin + ":/usr/bin:/bin"));
  }
}
