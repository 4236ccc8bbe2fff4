package org.nftgen.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.nftgen.io.HadoopFiles;
import org.nftgen.io.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints under {@code <run>/checkpoints/round-NNNNNNNN/} on any Hadoop file system. A
 * checkpoint's files are written first and its {@value #COMMITTED} marker last, listing each file
 * with its SHA-256: a crash mid-write leaves a folder without a marker, which is never taken for a
 * checkpoint, and a file changed after the commit fails verification on load.
 */
public final class CheckpointStore {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
  public static final String FOLDER = "checkpoints";
  public static final String COMMITTED = "_COMMITTED";
  /** The model state file of a training run's checkpoint: the file a pin ({@link ModelPin}) names. */
  public static final String STATE = "state.bin";
  /** The name of every checkpoint folder: the prefix and the round, zero-padded. */
  static final String PREFIX = "round-";

  private final Path root;
  private final Configuration conf;

  public CheckpointStore(Path runDir, Configuration conf) {
    this.root = new Path(runDir, FOLDER);
    this.conf = conf;
  }

  /** A committed checkpoint: its round and folder. */
  public record Checkpoint(long round, Path folder) {}

  /** Writes the named files of one checkpoint, then commits it. */
  public Checkpoint write(long round, Map<String, byte[]> files) {
    Path folder = folder(round);
    // An uncommitted leftover of a crashed attempt at this round must not mix with the new files.
    HadoopFiles.deleteRecursively(folder, conf);
    ObjectNode marker = Json.object();
    marker.put("round", round);
    ObjectNode hashes = marker.putObject("files");
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      HadoopFiles.writeAtomically(new Path(folder, f.getKey()), f.getValue(), conf);
      hashes.put(f.getKey(), sha256(f.getValue()));
    }
    HadoopFiles.writeString(new Path(folder, COMMITTED), Json.pretty(marker), conf);
    return new Checkpoint(round, folder);
  }

  /** The newest committed checkpoint, if any; uncommitted folders are skipped. */
  public Optional<Checkpoint> latest() {
    List<Checkpoint> all = committed();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** Every committed checkpoint, oldest first. */
  public List<Checkpoint> committed() {
    List<Checkpoint> found = new ArrayList<>();
    try {
      FileSystem fs = HadoopFiles.fileSystem(root, conf);
      if (!fs.exists(root)) {
        return found;
      }
      for (FileStatus s : fs.listStatus(root)) {
        String name = s.getPath().getName();
        if (s.isDirectory() && name.matches(PREFIX + "\\d+") && fs.exists(new Path(s.getPath(), COMMITTED))) {
          found.add(new Checkpoint(Long.parseLong(name.substring(PREFIX.length())), s.getPath()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list checkpoints in " + root + ": " + e.getMessage(), e);
    }
    found.sort((a, b) -> Long.compare(a.round(), b.round()));
    return found;
  }

  /** Reads every file of a committed checkpoint, verifying each against the commit marker. */
  public Map<String, byte[]> read(Checkpoint checkpoint) {
    JsonNode marker;
    try {
      marker = Json.mapper().readTree(HadoopFiles.readString(new Path(checkpoint.folder(), COMMITTED), conf));
    } catch (IOException e) {
      throw new UncheckedIOException("Unreadable commit marker in " + checkpoint.folder(), e);
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    if (!marker.path("files").isObject()) {
      throw new IllegalStateException("Commit marker " + new Path(checkpoint.folder(), COMMITTED) + " lists no files");
    }
    marker.get("files").fields().forEachRemaining(f -> {
      // The marker is untrusted input: it may only name files inside its own folder.
      if (!f.getKey().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        throw new IllegalStateException("Commit marker " + new Path(checkpoint.folder(), COMMITTED)
            + " names a file outside its folder or with an odd name: " + Json.mapper().valueToTree(f.getKey()));
      }
      byte[] data = HadoopFiles.readAll(new Path(checkpoint.folder(), f.getKey()), Long.MAX_VALUE, conf);
      if (!sha256(data).equals(f.getValue().asText())) {
        throw new IllegalStateException("Checkpoint file " + new Path(checkpoint.folder(), f.getKey())
            + " does not match the SHA-256 recorded when it was committed");
      }
      files.put(f.getKey(), data);
    });
    return files;
  }

  /**
   * The newest committed checkpoint whose files verify and that {@code decode} accepts, with what
   * it decoded to; a newer one that fails either is reported on stderr and skipped, so one damaged
   * checkpoint costs the rounds since the one before it, not the run. Empty when there is none.
   */
  public <T> Optional<Verified<T>> newestReadable(java.util.function.Function<Map<String, byte[]>, T> decode) {
    List<Checkpoint> all = committed();
    for (int i = all.size() - 1; i >= 0; i--) {
      Checkpoint c = all.get(i);
      try {
        return Optional.of(new Verified<>(c, decode.apply(read(c))));
      } catch (RuntimeException e) {
        LOG.warn(String.format(java.util.Locale.ROOT, "checkpoints: skipping round %d in %s: %s", c.round(), c.folder(), e.getMessage()));
      }
    }
    return Optional.empty();
  }

  /** A checkpoint that verified, and its decoded content. */
  public record Verified<T>(Checkpoint checkpoint, T content) {}

  /**
   * Deletes all but the newest {@code keep} committed checkpoints, and every uncommitted leftover
   * (a round folder without its marker: a write cut off by a crash). Only the run's own writer
   * prunes, after its write, so no write is in progress here.
   */
  public void prune(int keep) {
    List<Checkpoint> all = committed();
    for (int i = 0; i < all.size() - keep; i++) {
      HadoopFiles.deleteRecursively(all.get(i).folder(), conf);
    }
    try {
      FileSystem fs = HadoopFiles.fileSystem(root, conf);
      if (!fs.exists(root)) {
        return;
      }
      for (FileStatus s : fs.listStatus(root)) {
        String name = s.getPath().getName();
        if (s.isDirectory() && name.matches(PREFIX + "\\d+") && !fs.exists(new Path(s.getPath(), COMMITTED))) {
          HadoopFiles.deleteRecursively(s.getPath(), conf);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list checkpoints in " + root + ": " + e.getMessage(), e);
    }
  }

  public Path folder(long round) {
    return new Path(root, String.format("%s%08d", PREFIX, round));
  }

  public static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
