package org.nftgen.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftgen.config.SettingsException;

class JobCliTest {
  @TempDir
  Path dir;

  @Test
  void flagsSetTheirKeysAndOverrideTheConfigFileWhereverItComes() throws Exception {
    Path conf = dir.resolve("env.conf");
    Files.writeString(conf, "include classpath(\"reference.conf\")\nnftgen.synth { count = 9, style = punks }\n");
    Config c = SynthJob.CLI.parse(new String[] {"--count=3", "--output", "/tmp/o", "--config", conf.toString(),
        "--overwrite"});
    assertEquals(3, c.getInt("nftgen.synth.count"));
    assertEquals("punks", c.getString("nftgen.synth.style"));
    assertEquals("/tmp/o", c.getString("nftgen.synth.output"));
    assertTrue(c.getBoolean("nftgen.synth.overwrite"));
  }

  @Test
  void setAndFlagsApplyInOrder() {
    Config c = SynthJob.CLI.parse(new String[] {"--count", "3", "--set", "nftgen.synth.count=4"});
    assertEquals(4, c.getInt("nftgen.synth.count"));
  }

  @Test
  void mistakesAreNamed() {
    SettingsException missing = assertThrows(SettingsException.class,
        () -> PrepareJob.CLI.parse(new String[] {"--input"}));
    assertTrue(missing.getMessage().startsWith("Argument --input needs a value"), missing.getMessage());
    SettingsException unknown = assertThrows(SettingsException.class,
        () -> PrepareJob.CLI.parse(new String[] {"--output", "x", "--verbose"}));
    assertTrue(unknown.getMessage().contains("Unknown argument '--verbose' for job prepare"), unknown.getMessage());
    assertThrows(JobCli.HelpRequested.class, () -> PrepareJob.CLI.parse(new String[] {"--help"}));
  }
}
