package org.nftgen.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
