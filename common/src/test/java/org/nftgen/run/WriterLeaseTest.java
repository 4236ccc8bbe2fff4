package org.nftgen.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftgen.generate.BatchLayout;
import org.nftgen.io.Json;

class WriterLeaseTest {
  @TempDir
  java.nio.file.Path tmp;

  private final Configuration conf = new Configuration();

  private Path folder() {
    return new Path(tmp.toUri());
  }

  @Test
  void aSecondWriterFailsNamingTheHolderUntilTheFirstCloses() {
    WriterLease first = WriterLease.acquire(folder(), "Batch b", 60, conf);
    WriterLease.HeldException e = assertThrows(WriterLease.HeldException.class,
        () -> WriterLease.acquire(folder(), "Batch b", 60, conf));
    assertTrue(e.getMessage().startsWith("Batch b is being written by another run: "), e.getMessage());
    assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
    first.check();
    first.close();
    assertFalse(Files.exists(tmp.resolve(WriterLease.FILE)));
    WriterLease.acquire(folder(), "Batch b", 60, conf).close();
  }

  @Test
  void ofWritersStartingTogetherExactlyOneGetsTheFolder() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<WriterLease>> tries = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      tries.add(pool.submit(() -> {
        go.await();
        try {
          return WriterLease.acquire(folder(), "Batch b", 60, conf);
        } catch (WriterLease.HeldException e) {
          return null;
        }
      }));
    }
    go.countDown();
    // Every try has answered before any winner lets go: a lease closed early would free the folder
    // for a later try, which is a second writer after the first, not a second writer at once.
    List<WriterLease> winners = new ArrayList<>();
    for (Future<WriterLease> f : tries) {
      if (f.get() != null) {
        winners.add(f.get());
      }
    }
    pool.shutdown();
    winners.forEach(WriterLease::close);
    assertEquals(1, winners.size());
  }

  @Test
  void anExpiredOrDeadHoldersLeaseIsTakenOverAndTheOldHolderNoticesBeforeItDeletes() throws Exception {
    WriterLease old = WriterLease.acquire(folder(), "Batch b", 60, conf);
    // The holder's record as a run on another host whose lease ran out would have left it.
    Files.writeString(tmp.resolve(WriterLease.FILE), "{\"owner\": \"elsewhere pid 7\", \"host\": \"elsewhere\", "
        + "\"pid\": 7, \"expiresMillis\": " + (Instant.now().toEpochMilli() - 1) + "}");
    WriterLease next = WriterLease.acquire(folder(), "Batch b", 60, conf);
    WriterLease.HeldException e = assertThrows(WriterLease.HeldException.class, old::check);
    assertTrue(e.getMessage().contains("lease was taken by"), e.getMessage());
    next.check();
    old.close(); // not its lease any more: left for the new holder
    assertTrue(Files.exists(tmp.resolve(WriterLease.FILE)));
    next.close();

    // An unexpired lease of a process of this host that has ended is not waited out.
    Process dead = new ProcessBuilder("true").start();
    dead.waitFor();
    String host = java.net.InetAddress.getLocalHost().getHostName();
    Files.writeString(tmp.resolve(WriterLease.FILE), "{\"owner\": \"x\", \"host\": \"" + host + "\", \"pid\": "
        + dead.pid() + ", \"expiresMillis\": " + (Instant.now().toEpochMilli() + 600_000) + "}");
    WriterLease.acquire(folder(), "Batch b", 60, conf).close();
    // ... while one of a live process (this one) is.
    Files.writeString(tmp.resolve(WriterLease.FILE), "{\"owner\": \"x\", \"host\": \"" + host + "\", \"pid\": "
        + ProcessHandle.current().pid() + ", \"expiresMillis\": " + (Instant.now().toEpochMilli() + 600_000) + "}");
    assertThrows(WriterLease.HeldException.class, () -> WriterLease.acquire(folder(), "Batch b", 60, conf));
  }

  @Test
  void aLeaseThatDoesNotParseCountsAsHeldForALeasesLengthFromItsLastChange() throws Exception {
    Files.writeString(tmp.resolve(WriterLease.FILE), "");
    WriterLease.HeldException e = assertThrows(WriterLease.HeldException.class,
        () -> WriterLease.acquire(folder(), "Batch b", 60, conf));
    assertTrue(e.getMessage().contains("an unreadable lease record"), e.getMessage());
    Files.setLastModifiedTime(tmp.resolve(WriterLease.FILE),
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 61_000));
    WriterLease.acquire(folder(), "Batch b", 60, conf).close();
  }

  @Test
  void theHolderRenewsItsLeaseBeforeItExpires() throws Exception {
    try (WriterLease lease = WriterLease.acquire(folder(), "Batch b", 10, conf)) {
      long first = Json.mapper().readTree(tmp.resolve(WriterLease.FILE).toFile()).get("expiresMillis").asLong();
      Thread.sleep(4_500); // renewed every 3 s
      long later = Json.mapper().readTree(tmp.resolve(WriterLease.FILE).toFile()).get("expiresMillis").asLong();
      assertTrue(later > first, first + " -> " + later);
      lease.check();
    }
  }

  @Test
  void cleanUpDeletesOnlyTheNamesABatchWrites() {
    for (String own : List.of("64/0.png", "256/12.png", "metadata/3.json", "_parts/chunk-00000001.json",
        "_parts/.chunk-00000001.json.ab.tmp", "manifest.json", "_SUCCESS", "64/.59.png.0f0f.tmp", ".manifest.json.x.tmp")) {
      assertTrue(BatchLayout.isBatchKey(own), own);
    }
    for (String foreign : List.of("README.txt", "64/cover.png", "metadata/collection.json", "notes/1.png",
        "a/b/.x.tmp", "manifest.json.bak", "64/0.png/x")) {
      assertFalse(BatchLayout.isBatchKey(foreign), foreign);
    }
  }
}
