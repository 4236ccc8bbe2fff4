package org.nftgen.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftgen.synth.SynthSettings;

class ConfigLayersTest {
  @TempDir
  Path dir;

  private File file(String body) throws IOException {
    Path f = dir.resolve("env.conf");
    Files.writeString(f, "include classpath(\"reference.conf\")\n" + body);
    return f.toFile();
  }

  @Test
  void referenceAloneGivesTheDefaults() {
    Config c = new ConfigLayers().load();
    assertEquals(10000, c.getInt("nftgen.synth.count"));
    assertEquals("apes", c.getString("nftgen.synth.style"));
  }

  @Test
  void fileOverridesReference() throws IOException {
    Config c = new ConfigLayers().file(file("nftgen.synth { count = 500, style = punks }")).load();
    assertEquals(500, c.getInt("nftgen.synth.count"));
    assertEquals("punks", c.getString("nftgen.synth.style"));
    assertEquals(256, c.getInt("nftgen.synth.size")); // untouched keys keep the reference value
  }

  @Test
  void commandLineOverridesFile() throws IOException {
    Config c = new ConfigLayers().file(file("nftgen.synth { count = 500, style = punks }"))
        .overrideAssignment("nftgen.synth.count=42")
        .override("nftgen.synth.output", "file:///tmp/a?b#c", "command line --output")
        .load();
    assertEquals(42, c.getInt("nftgen.synth.count"));
    assertEquals("punks", c.getString("nftgen.synth.style"));
    assertEquals("file:///tmp/a?b#c", c.getString("nftgen.synth.output")); // no HOCON comment at '#'
    assertEquals(42, SynthSettings.from(c).count());
  }

  @Test
  void laterCommandLineOverridesWin() {
    Config c = new ConfigLayers().overrideAssignment("nftgen.synth.count=1").overrideAssignment("nftgen.synth.count=2")
        .load();
    assertEquals(2, c.getInt("nftgen.synth.count"));
  }

  @Test
  void listsAndObjectsParseAsHocon() {
    Config c = new ConfigLayers().overrideAssignment("nftgen.prepare.resolutions=[32, 128]").load();
    assertEquals(java.util.List.of(32, 128), c.getIntList("nftgen.prepare.resolutions"));
  }

  @Test
  void unknownKeyInFileFailsNamingKeyFileAndLine() throws IOException {
    SettingsException e = assertThrows(SettingsException.class,
        () -> new ConfigLayers().file(file("nftgen.synth.cuont = 5\n")).load());
    assertTrue(e.getMessage().contains("unknown key 'nftgen.synth.cuont'"), e.getMessage());
    assertTrue(e.getMessage().contains("env.conf: 2"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean 'count'"), e.getMessage());
  }

  @Test
  void unknownKeyOnCommandLineFailsNamingIt() {
    SettingsException e = assertThrows(SettingsException.class,
        () -> new ConfigLayers().overrideAssignment("nftgen.prepare.resolution=64").load());
    assertTrue(e.getMessage().contains("'nftgen.prepare.resolution'"), e.getMessage());
    assertTrue(e.getMessage().contains("command line --set"), e.getMessage());
  }

  /** A typo at the very root, in a file or on the command line, fails too instead of being ignored. */
  @Test
  void unknownTopLevelKeyFails() throws IOException {
    SettingsException inFile = assertThrows(SettingsException.class,
        () -> new ConfigLayers().file(file("nftgn.train.rounds = 5\n")).load());
    assertTrue(inFile.getMessage().contains("unknown top-level key 'nftgn'"), inFile.getMessage());
    assertTrue(inFile.getMessage().contains("env.conf: 2") && inFile.getMessage().contains("did you mean 'nftgen'"),
        inFile.getMessage());
    SettingsException onCommandLine = assertThrows(SettingsException.class,
        () -> new ConfigLayers().overrideAssignment("train.rounds=5").load());
    assertTrue(onCommandLine.getMessage().contains("'train'"), onCommandLine.getMessage());
  }

  @Test
  void unknownSectionFails() {
    SettingsException e = assertThrows(SettingsException.class,
        () -> new ConfigLayers().overrideAssignment("nftgen.trian.epochs=3").load());
    assertTrue(e.getMessage().contains("'nftgen.trian'"), e.getMessage());
  }

  @Test
  void mistypedValuesFailNamingKeyAndValue() throws IOException {
    SettingsException e = assertThrows(SettingsException.class,
        () -> new ConfigLayers().overrideAssignment("nftgen.synth.count=many").load());
    assertTrue(e.getMessage().contains("'nftgen.synth.count' must be a number"), e.getMessage());
    assertTrue(e.getMessage().contains("many"), e.getMessage());

    e = assertThrows(SettingsException.class,
        () -> new ConfigLayers().file(file("nftgen.prepare.resolutions = 64\nnftgen.synth.overwrite = maybe\n"))
            .load());
    assertTrue(e.getMessage().contains("'nftgen.prepare.resolutions' must be a list"), e.getMessage());
    assertTrue(e.getMessage().contains("'nftgen.synth.overwrite' must be true or false"), e.getMessage());

    Config fractional = new ConfigLayers().overrideAssignment("nftgen.synth.count=2.5")
        .overrideAssignment("nftgen.synth.output=/tmp/x").load();
    e = assertThrows(SettingsException.class, () -> SynthSettings.from(fractional));
    assertTrue(e.getMessage().contains("'nftgen.synth.count' = 2.5 must be a whole number"), e.getMessage());
  }

  @Test
  void aFractionalValueIsAcceptedWhereTheDefaultIsWrittenAsADecimal() {
    // max-rejected-fraction's default is written 0.25; instance-noise's 0.0, which HOCON keeps as an int.
    Config c = new ConfigLayers().overrideAssignment("nftgen.dcgan.instance-noise=0.2").load();
    assertEquals(0.2, c.getDouble("nftgen.dcgan.instance-noise"));
  }

  @Test
  void outOfRangeValuesFailWhenSettingsAreRead() {
    Config c = new ConfigLayers().overrideAssignment("nftgen.synth.count=0")
        .overrideAssignment("nftgen.synth.output=/tmp/x").load();
    SettingsException e = assertThrows(SettingsException.class, () -> SynthSettings.from(c));
    assertTrue(e.getMessage().contains("'nftgen.synth.count' = 0"), e.getMessage());
  }

  /** Every Hadoop credential key family, each with a distinct secret that must not reach the saved file. */
  @Test
  void everyCredentialKeyFamilyIsRedacted() throws IOException {
    String[] keys = {
        "fs.azure.account.key.myaccount.blob.core.windows.net", "fs.azure.sas.container.myaccount.blob.core.windows.net",
        "fs.azure.account.oauth2.client.secret", "fs.azure.account.oauth2.refresh.token", "fs.s3a.encryption.key",
        "fs.s3a.server-side-encryption.key", "fs.s3a.session.token", "fs.gs.auth.service.account.private.key",
        "fs.gs.auth.service.account.private.key.id", "hadoop.security.credstore.java-keystore-provider.password-file",
        "fs.s3a.bucket.logs.secret.key", "fs.azure.account.oauth.provider.type.signature"};
    StringBuilder body = new StringBuilder("nftgen.hadoop {\n  \"fs.s3a.endpoint\" = \"http://127.0.0.1:9000\"\n");
    for (int i = 0; i < keys.length; i++) {
      body.append("  \"").append(keys[i]).append("\" = s3cr3t-").append(i).append("\n");
    }
    String saved = ResolvedConfig.render(new ConfigLayers().file(file(body.append("}\n").toString())).load());
    for (int i = 0; i < keys.length; i++) {
      assertFalse(saved.contains("s3cr3t-" + i), keys[i] + " leaked: " + saved);
    }
    assertTrue(saved.contains("http://127.0.0.1:9000"), "a setting that is no secret stays readable: " + saved);
  }

  @Test
  void hadoopSectionIsFreeFormAndSecretsAreRedactedWhenSaved() throws IOException {
    Config c = new ConfigLayers().file(file(
        "nftgen.hadoop { \"fs.s3a.endpoint\" = \"http://127.0.0.1:9000\", \"fs.s3a.secret.key\" = hunter2,"
            + " \"fs.s3a.access.key\" = AKIAEXAMPLE }\n")).load();
    assertEquals("hunter2", c.getConfig("nftgen.hadoop").getString("\"fs.s3a.secret.key\""));
    String saved = ResolvedConfig.render(c);
    assertFalse(saved.contains("hunter2"), saved);
    assertFalse(saved.contains("AKIAEXAMPLE"), saved);
    assertTrue(saved.contains("http://127.0.0.1:9000"), saved);
    assertTrue(saved.contains(ResolvedConfig.REDACTED), saved);
    assertTrue(saved.contains("count = 10000") || saved.contains("count=10000"), saved);
  }

  @Test
  void missingFileIsNamed() {
    SettingsException e = assertThrows(SettingsException.class,
        () -> new ConfigLayers().file(dir.resolve("nope.conf").toFile()).load());
    assertTrue(e.getMessage().contains("nope.conf"), e.getMessage());
  }

  @Test
  void malformedAssignmentIsExplained() {
    SettingsException e = assertThrows(SettingsException.class,
        () -> new ConfigLayers().overrideAssignment("nftgen.synth.count"));
    assertTrue(e.getMessage().contains("key=value"), e.getMessage());
  }
}
