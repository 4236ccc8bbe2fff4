package org.nftgen.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.nftgen.io.HadoopFiles;
import org.nftgen.io.Json;
import org.nftgen.io.ProgressLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per output folder at a time: a {@value #FILE} object naming its holder and when it
 * expires, created only where none is (a create-new on local and HDFS folders, atomic there), renewed
 * by the holder every third of its length, checked by the holder before it deletes anything or
 * publishes, and removed when it finishes. A second writer fails fast naming the holder; a lease
 * left by a dead run expires and may then be taken over (at once, when the holder was a process of
 * this host that is gone: a scheduler's retry after a kill need not wait).
 *
 * <p>Object stores (s3a in Hadoop 3.3) have no create-if-absent: two writers that start within
 * the same moment can both find the folder free. Each therefore reads the lease back after a pause
 * ({@link #OBJECT_STORE_SETTLE_MS}); a writer whose record was overwritten by the other's fails.
 */
public final class WriterLease implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WriterLease.class);
  public static final String FILE = "_LEASE";
  /** Longer than an S3 PUT's usual latency: both racing records have landed when each reads back. */
  static final long OBJECT_STORE_SETTLE_MS = 2000;
  private static final String HOST = hostName();
  private static final long PID = ProcessHandle.current().pid();

  /** Thrown when another writer holds the folder's lease, or took it from this one. */
  public static final class HeldException extends RuntimeException {
    HeldException(String message) {
      super(message);
    }
  }

  private final Path path;
  private final String what;
  private final String owner;
  private final long seconds;
  private final Configuration conf;
  private final ScheduledExecutorService renewer;
  private volatile String lost;
  private volatile boolean closed;

  private WriterLease(Path path, String what, String owner, long seconds, Configuration conf) {
    this.path = path;
    this.what = what;
    this.owner = owner;
    this.seconds = seconds;
    this.conf = conf;
    this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "nftgen-lease-renewer");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Takes the lease of {@code folder} for {@code seconds}, renewed until {@link #close}.
   *
   * @param what the folder as errors name it, e.g. "Batch b1 at s3a://bucket/nft/batch=b1"
   */
  public static WriterLease acquire(Path folder, String what, long seconds, Configuration conf) {
    Path path = new Path(folder, FILE);
    WriterLease lease = new WriterLease(path, what, describeThisProcess(), seconds, conf);
    JsonNode held = lease.read();
    if (held != null) {
      if (Instant.now().toEpochMilli() < held.path("expiresMillis").asLong() && !diedOnThisHost(held)) {
        throw new HeldException(what + " is being written by another run: " + holder(held) + ". Two writers would "
            + "delete each other's files; wait for it to finish, or, if that run is dead, for its lease to expire "
            + "(or delete " + path + ")");
      }
      ProgressLog.line("nftgen: taking over the expired lease of " + holder(held) + " on " + what);
      HadoopFiles.deleteRecursively(path, conf);
    }
    if (!lease.createNew()) {
      JsonNode winner = lease.read();
      throw new HeldException(what + " was taken by another run starting at the same time: "
          + (winner == null ? "its lease is gone again" : holder(winner)));
    }
    if (HadoopFiles.isObjectStore(path)) {
      sleep(OBJECT_STORE_SETTLE_MS);
      lease.check();
    }
    long period = Math.max(1, seconds / 3);
    lease.renewer.scheduleAtFixedRate(lease::renew, period, period, TimeUnit.SECONDS);
    return lease;
  }

  /** Fails if this writer no longer holds the lease: call before deleting anything or publishing. */
  public void check() {
    if (lost != null) {
      throw new HeldException(what + ": " + lost);
    }
    JsonNode held = read();
    if (held == null || !owner.equals(held.path("owner").asText())) {
      throw new HeldException(what + ": this run's lease was " + (held == null ? "removed" : "taken by "
          + holder(held)) + " while it wrote; its files are left for that run");
    }
  }

  /**
   * Stops renewing and removes the lease if this writer still holds it. Best effort: the job's work
   * is done (a batch may already be published), so a store that fails now only leaves the lease to
   * expire.
   */
  @Override
  public void close() {
    closed = true;
    renewer.shutdownNow();
    try {
      renewer.awaitTermination(30, TimeUnit.SECONDS); // a renewal under way must not rewrite it after us
      JsonNode held = read();
      if (held != null && owner.equals(held.path("owner").asText())) {
        HadoopFiles.deleteRecursively(path, conf);
      }
    } catch (RuntimeException e) {
      LOG.warn("nftgen: could not remove the lease " + path + " (it expires by itself): " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public Path path() {
    return path;
  }

  private void renew() {
    try {
      JsonNode held = read();
      if (closed) {
        return;
      }
      if (held == null || !owner.equals(held.path("owner").asText())) {
        lost = "this run's lease was " + (held == null ? "removed" : "taken by " + holder(held)) + " while it wrote";
        renewer.shutdown();
        return;
      }
      HadoopFiles.writeAtomically(path, record(), conf);
    } catch (RuntimeException e) {
      // A failed read or write is retried at the next period; the lease lasts three of them.
      LOG.warn("nftgen: could not renew the lease " + path + ": " + e.getMessage());
    }
  }

  /**
   * Publishes this writer's record only where no lease is, whole: a reader never sees a half-written
   * lease (which it could not tell from an abandoned one). Locally a complete temporary is linked to
   * the name (a hard link fails if the name exists); on HDFS it is renamed (which fails likewise);
   * an object store's PUT publishes whole, after an existence check that is not atomic (see above).
   */
  private boolean createNew() {
    byte[] bytes = record();
    try {
      if (HadoopFiles.isLocal(path)) {
        java.nio.file.Path local = java.nio.file.Path.of(path.toUri());
        java.nio.file.Files.createDirectories(local.getParent());
        java.nio.file.Path tmp = local.resolveSibling("." + FILE + "." + UUID.randomUUID() + ".tmp");
        java.nio.file.Files.write(tmp, bytes);
        try {
          java.nio.file.Files.createLink(local, tmp);
          return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
          return false;
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
          // No hard links here (some network and FUSE mounts): create-new, visible empty for a moment.
          java.nio.file.Files.write(local, bytes, java.nio.file.StandardOpenOption.CREATE_NEW);
          return true;
        } finally {
          java.nio.file.Files.deleteIfExists(tmp);
        }
      }
      FileSystem fs = HadoopFiles.fileSystem(path, conf);
      if (HadoopFiles.isObjectStore(path)) {
        try (OutputStream out = fs.create(path, false)) {
          out.write(bytes);
        }
        return true;
      }
      Path tmp = new Path(path.getParent(), "." + FILE + "." + UUID.randomUUID() + ".tmp");
      try {
        try (OutputStream out = fs.create(tmp, false)) {
          out.write(bytes);
        }
        return fs.rename(tmp, path);
      } finally {
        fs.delete(tmp, false);
      }
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the lease " + path + ": " + e.getMessage(), e);
    }
  }

  private byte[] record() {
    long now = Instant.now().toEpochMilli();
    return Json.pretty(Json.object().put("owner", owner).put("host", HOST).put("pid", PID).put("renewed", Instant.ofEpochMilli(now).toString())
        .put("expires", Instant.ofEpochMilli(now + seconds * 1000).toString()).put("expiresMillis", now + seconds * 1000))
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The lease's record, or null if there is none. A failure to read it propagates (a flaky store is
   * no reason to take a live run's folder); content that does not parse (tampered, or written by
   * hand) counts as held for a lease's length after the file was last modified.
   */
  private JsonNode read() {
    if (!HadoopFiles.exists(path, conf)) {
      return null;
    }
    byte[] bytes = HadoopFiles.readAll(path, 64 * 1024, conf);
    try {
      JsonNode node = Json.mapper().readTree(bytes);
      if (node != null && node.isObject() && node.has("owner") && node.has("expiresMillis")) {
        return node;
      }
    } catch (IOException e) {
      // unparseable: below
    }
    long modified;
    try {
      modified = HadoopFiles.fileSystem(path, conf).getFileStatus(path).getModificationTime();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot inspect the lease " + path + ": " + e.getMessage(), e);
    }
    return Json.object().put("owner", "an unreadable lease record").put("expiresMillis", modified + seconds * 1000)
        .put("expires", Instant.ofEpochMilli(modified + seconds * 1000).toString());
  }

  /**
   * Whether the holder was a process of this host that has ended (killed, crashed): its lease need
   * not be waited out. A holder on another host is only ever judged by its expiry.
   */
  private static boolean diedOnThisHost(JsonNode held) {
    return HOST.equals(held.path("host").asText(null)) && held.has("pid")
        && ProcessHandle.of(held.get("pid").asLong()).map(p -> !p.isAlive()).orElse(true);
  }

  private static String holder(JsonNode held) {
    return held.path("owner").asText() + (held.has("expires") ? ", lease until " + held.get("expires").asText() : "");
  }

  /** Host, process id and a random id: what a person needs to find the holder, and unique per run. */
  private static String describeThisProcess() {
    return HOST + " pid " + PID + " run " + UUID.randomUUID();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while taking a lease", e);
    }
  }
}
