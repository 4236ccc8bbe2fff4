package org.nftgen.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftgen.config.SettingsException;

class RunFolderTest {
  /** What a train-dcgan run's effective configuration is: the reference defaults and its job. */
  static final Config DCGAN_RUN = ConfigFactory.parseString("nftgen.run.job = train-dcgan")
      .withFallback(ConfigFactory.defaultReference()).resolve();

  @TempDir
  Path tmp;

  /** --resume refuses, before writing anything, a run of another job or of other model settings. */
  @Test
  void resumeRefusesARunWhoseModelSettingsDiffer() throws Exception {
    Path run = Files.createDirectories(tmp.resolve("resumed"));
    String saved = "nftgen.run.job = train-dcgan\nnftgen.dcgan.ngf = 32\nnftgen.train.rounds = 5\n";
    Files.writeString(run.resolve(RunFolder.CONFIG), saved);
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(run.toUri());
    // ngf as 32.0, a number as --set gives it (text), a key the caller says is not the model's.
    Config same = ConfigFactory.parseString("nftgen.dcgan.ngf = 32.0\nnftgen.dcgan.beta1 = \"0.5\"\n"
        + "nftgen.dcgan.batch = 7\nnftgen.train.rounds = 9").withFallback(DCGAN_RUN).resolve();
    RunFolder.open(dir, true, false, same, List.of("nftgen.dcgan"), java.util.Set.of("nftgen.dcgan.batch"),
        new Configuration()).close(); // more rounds: fine
    SettingsException e = assertThrows(SettingsException.class,
        () -> RunFolder.open(dir, true, false, DCGAN_RUN, List.of("nftgen.dcgan"), java.util.Set.of(), new Configuration()));
    assertTrue(e.getMessage().contains("--resume refused: the model settings differ") && e.getMessage().contains(
        "nftgen.dcgan.ngf = 32 in the run, 64 now"), e.getMessage());
    Config srgan = ConfigFactory.parseString("nftgen.run.job = train-srgan").withFallback(DCGAN_RUN).resolve();
    e = assertThrows(SettingsException.class,
        () -> RunFolder.open(dir, true, false, srgan, List.of("nftgen.srgan"), java.util.Set.of(), new Configuration()));
    assertTrue(e.getMessage().contains("holds a train-dcgan run, not a train-srgan run"), e.getMessage());
    assertEquals(saved, Files.readString(run.resolve(RunFolder.CONFIG)), "nothing written");
  }

  /** A boolean saved as a boolean resumes against the same word as text, and only against that word. */
  @Test
  void resumeReadsABooleanAndItsWordAlike() throws Exception {
    Path run = Files.createDirectories(tmp.resolve("bool"));
    // A run saved before conditional became a word: a plain boolean.
    Files.writeString(run.resolve(RunFolder.CONFIG), "nftgen.run.job = train-dcgan\nnftgen.dcgan.conditional = false\n");
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(run.toUri());
    Config word = ConfigFactory.parseString("nftgen.dcgan.conditional = \"false\"").withFallback(DCGAN_RUN).resolve();
    RunFolder.open(dir, true, false, word, List.of("nftgen.dcgan"), java.util.Set.of(), new Configuration()).close();
    Config other = ConfigFactory.parseString("nftgen.dcgan.conditional = \"true\"").withFallback(DCGAN_RUN).resolve();
    SettingsException e = assertThrows(SettingsException.class,
        () -> RunFolder.open(dir, true, false, other, List.of("nftgen.dcgan"), java.util.Set.of(), new Configuration()));
    assertTrue(e.getMessage().contains("nftgen.dcgan.conditional = false in the run, true now"), e.getMessage());
  }

  /** One writer per run folder: a second run, even with --overwrite, fails before it deletes anything. */
  @Test
  void aSecondRunOnAHeldRunFolderFailsAndDeletesNothing() throws Exception {
    Path run = Files.createDirectories(tmp.resolve("held"));
    Files.writeString(run.resolve(RunFolder.CONFIG), "nftgen.run.job = train-dcgan\n");
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(run.toUri());
    try (WriterLease first = RunFolder.open(dir, true, false, DCGAN_RUN, List.of("nftgen.dcgan"), java.util.Set.of(), new Configuration())) {
      Files.writeString(run.resolve("metrics.jsonl"), "{}\n"); // the first run's work
      WriterLease.HeldException e = assertThrows(WriterLease.HeldException.class,
          () -> RunFolder.open(dir, false, true, DCGAN_RUN, List.of("nftgen.dcgan"), java.util.Set.of(), new Configuration()));
      assertTrue(e.getMessage().startsWith("Run folder " + dir + " is being written by another run"), e.getMessage());
      assertTrue(Files.exists(run.resolve("metrics.jsonl")));
      first.check();
    }
    assertTrue(!Files.exists(run.resolve(WriterLease.FILE)));
    RunFolder.open(dir, false, true, DCGAN_RUN, List.of("nftgen.dcgan"), java.util.Set.of(), new Configuration()).close(); // free again
    assertTrue(!Files.exists(run.resolve("metrics.jsonl")));
  }

  @Test
  void aCheckpointFolderBelongsToTheRunTwoLevelsUp() {
    org.apache.hadoop.fs.Path run = new org.apache.hadoop.fs.Path("file:/runs/dcgan");
    assertEquals(run, RunFolder.of(new org.apache.hadoop.fs.Path(run, "checkpoints/round-00000012")));
    assertEquals(run, RunFolder.of(run));
  }

  @Test
  void theSavedConfigReadsOverTheReferenceDefaults() throws Exception {
    Files.writeString(tmp.resolve(RunFolder.CONFIG), "nftgen.run.job = train-blend\nnftgen.dcgan.ngf = 32\n");
    Config saved = RunFolder.savedConfig(new org.apache.hadoop.fs.Path(tmp.toUri()), new Configuration());
    assertEquals("train-blend", saved.getString(RunFolder.JOB_KEY));
    assertEquals(32, saved.getInt("nftgen.dcgan.ngf"));
    assertEquals(64, saved.getInt("nftgen.dcgan.ndf"), "a key the run did not save reads as its default");
  }

  @Test
  void aFolderWithoutSavedConfigIsNotARun() {
    org.apache.hadoop.fs.Path empty = new org.apache.hadoop.fs.Path(tmp.resolve("empty").toUri());
    SettingsException e = assertThrows(SettingsException.class, () -> RunFolder.savedConfig(empty, new Configuration()));
    assertTrue(e.getMessage().contains("config.conf") && e.getMessage().contains("empty"), e.getMessage());
  }

  /** A run folder is untrusted: its saved configuration may not include files or read the environment. */
  @Test
  void aSavedConfigCannotIncludeOrReadTheEnvironment() throws Exception {
    org.apache.hadoop.fs.Path run = new org.apache.hadoop.fs.Path(tmp.toUri());
    Files.writeString(tmp.resolve("secret.conf"), "nftgen.dcgan.ngf = 7\n");
    Files.writeString(tmp.resolve(RunFolder.CONFIG), "include file(\"" + tmp.resolve("secret.conf") + "\")\n");
    SettingsException e = assertThrows(SettingsException.class, () -> RunFolder.savedConfig(run, new Configuration()));
    assertTrue(e.getMessage().contains("include"), e.getMessage());
    Files.writeString(tmp.resolve(RunFolder.CONFIG), "nftgen.run.job = train-dcgan\nnftgen.run.home = ${PATH}\n");
    assertTrue(System.getenv("PATH") != null, "the test needs an environment variable that exists");
    assertThrows(SettingsException.class, () -> RunFolder.savedConfig(run, new Configuration()));
  }

  /** --overwrite empties an earlier run's folder, and refuses any other non-empty folder without touching it. */
  @Test
  void overwriteReplacesOnlyARun() throws Exception {
    Path notARun = Files.createDirectories(tmp.resolve("home"));
    Files.writeString(notARun.resolve("thesis.tex"), "years of work");
    org.apache.hadoop.fs.Path home = new org.apache.hadoop.fs.Path(notARun.toUri());
    SettingsException e = assertThrows(SettingsException.class, () -> RunFolder.open(home, false, true, DCGAN_RUN, List.of(), java.util.Set.of(), new Configuration()));
    assertTrue(e.getMessage().contains("not an nftgen run"), e.getMessage());
    assertTrue(Files.exists(notARun.resolve("thesis.tex")));

    Path run = Files.createDirectories(tmp.resolve("run"));
    Files.writeString(run.resolve(RunFolder.CONFIG), "nftgen.run.job = train-dcgan\n");
    Files.createDirectories(run.resolve("checkpoints/round-00000001"));
    RunFolder.open(new org.apache.hadoop.fs.Path(run.toUri()), false, true, DCGAN_RUN, List.of(), java.util.Set.of(), new Configuration())
        .close();
    try (var left = Files.list(run)) {
      assertEquals(0, left.count(), "an earlier run is replaced");
    }
  }
}
