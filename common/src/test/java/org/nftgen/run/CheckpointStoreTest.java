package org.nftgen.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
  @TempDir
  Path run;
  final Configuration conf = new Configuration();

  private CheckpointStore store() {
    return new CheckpointStore(new org.apache.hadoop.fs.Path(run.toUri()), conf);
  }

  @Test
  void latestIsTheNewestCommittedCheckpoint() {
    CheckpointStore store = store();
    assertTrue(store.latest().isEmpty());
    store.write(5, Map.of("g.bin", new byte[] {1, 2}));
    store.write(10, Map.of("g.bin", new byte[] {3, 4}, "d.bin", new byte[] {5}));
    CheckpointStore.Checkpoint latest = store.latest().orElseThrow();
    assertEquals(10, latest.round());
    Map<String, byte[]> files = store.read(latest);
    assertArrayEquals(new byte[] {3, 4}, files.get("g.bin"));
    assertArrayEquals(new byte[] {5}, files.get("d.bin"));
  }

  @Test
  void aCheckpointCutOffBeforeItsMarkerIsIgnored() throws Exception {
    CheckpointStore store = store();
    store.write(5, Map.of("g.bin", new byte[] {1}));
    // What a crash between writing the files and the marker leaves behind.
    Path crashed = Path.of(store.folder(10).toUri());
    Files.createDirectories(crashed);
    Files.write(crashed.resolve("g.bin"), new byte[] {9, 9});
    assertEquals(5, store.latest().orElseThrow().round());
    assertEquals(List.of(5L), store.committed().stream().map(CheckpointStore.Checkpoint::round).toList());

    // Retrying round 10 replaces the leftover instead of mixing with it.
    store.write(10, Map.of("d.bin", new byte[] {7}));
    assertEquals(Map.of("d.bin", 1), Map.of("d.bin", store.read(store.latest().orElseThrow()).get("d.bin").length));
    assertTrue(Files.notExists(crashed.resolve("g.bin")));
  }

  @Test
  void aFileChangedAfterCommitIsRefused() throws Exception {
    CheckpointStore store = store();
    CheckpointStore.Checkpoint c = store.write(3, Map.of("g.bin", new byte[] {1, 2, 3}));
    Files.write(Path.of(c.folder().toUri()).resolve("g.bin"), new byte[] {1, 2, 4});
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.read(c));
    assertTrue(e.getMessage().contains("g.bin"), e.getMessage());
  }

  @Test
  void pruneKeepsTheNewest() {
    CheckpointStore store = store();
    for (long r = 1; r <= 4; r++) {
      store.write(r, Map.of("x", new byte[] {(byte) r}));
    }
    store.prune(2);
    assertEquals(List.of(3L, 4L), store.committed().stream().map(CheckpointStore.Checkpoint::round).toList());
  }

  /** Prune also removes a round folder whose write was cut off before its marker. */
  @Test
  void pruneRemovesUncommittedLeftovers() throws Exception {
    CheckpointStore store = store();
    store.write(1, Map.of("x", new byte[] {1}));
    Path leftover = Files.createDirectories(Path.of(store.folder(2).toUri()));
    Files.write(leftover.resolve("x"), new byte[] {9});
    store.write(3, Map.of("x", new byte[] {3}));
    store.prune(5);
    assertFalse(Files.exists(leftover), "the cut-off round 2 is gone");
    assertEquals(List.of(1L, 3L), store.committed().stream().map(CheckpointStore.Checkpoint::round).toList());
  }

  /** A damaged newest checkpoint is skipped for the one before it; none readable is empty. */
  @Test
  void theNewestReadableCheckpointSkipsADamagedOne() throws Exception {
    CheckpointStore store = store();
    store.write(1, Map.of("x", new byte[] {1}));
    CheckpointStore.Checkpoint newest = store.write(2, Map.of("x", new byte[] {2}));
    Files.write(Path.of(newest.folder().toUri()).resolve("x"), new byte[] {7});
    CheckpointStore.Verified<Byte> found = store.newestReadable(files -> files.get("x")[0]).orElseThrow();
    assertEquals(1, found.checkpoint().round());
    assertEquals((byte) 1, found.content());
    // A decoder that refuses everything (a state of the wrong kind) leaves nothing to resume.
    assertTrue(store.newestReadable(files -> {
      throw new IllegalStateException("not a state");
    }).isEmpty());
  }

  /** A commit marker is untrusted: it cannot make a read leave its checkpoint's folder. */
  @Test
  void aMarkerNamingAFileOutsideItsFolderIsRefused() throws Exception {
    CheckpointStore store = store();
    CheckpointStore.Checkpoint c = store.write(4, Map.of("x", new byte[] {1}));
    Files.writeString(run.resolve("outside.bin"), "not a checkpoint file");
    Files.writeString(Path.of(c.folder().toUri()).resolve(CheckpointStore.COMMITTED),
        "{\"round\": 4, \"files\": {\"../../outside.bin\": \"00\"}}");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.read(c));
    assertTrue(e.getMessage().contains("outside its folder"), e.getMessage());
  }
}
