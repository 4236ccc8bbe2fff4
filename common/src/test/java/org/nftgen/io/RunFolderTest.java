package org.nftgen.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftgen.config.SettingsException;

class RunFolderTest {
  @TempDir
  Path tmp;

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
}
