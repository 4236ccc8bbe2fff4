package org.nftgen.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.nftgen.config.ConfigLayers;
import org.nftgen.data.PrepareSettings;

/** Every environment file in conf/ includes the defaults and passes validation. */
class EnvironmentConfigsTest {
  private static final Path CONF = Path.of(System.getProperty("nftgen.home", "..")).resolve("conf");

  @Test
  void everyEnvironmentFileValidates() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(CONF)) {
      files = s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
    }
    assertTrue(files.size() >= 4, "conf files: " + files);
    for (Path f : files) {
      Config c = new ConfigLayers().file(f.toFile()).overrideAssignment("nftgen.prepare.input=/in")
          .overrideAssignment("nftgen.prepare.output=/out").load();
      PrepareSettings.from(c); // each section reads without error
      assertTrue(Files.readString(f).contains("include"), f + " must include the defaults");
    }
  }

  @Test
  void smokeConfigIsSmall() {
    Config c = new ConfigLayers().file(new File(CONF.toFile(), "smoke.conf")).load();
    assertTrue(c.getInt("nftgen.synth.count") <= 64);
    assertEquals("runs/pipeline", c.getString("nftgen.pipeline.workdir"));
  }
}
