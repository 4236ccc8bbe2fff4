package org.nftgen.run;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nftgen.config.SettingsException;

/**
 * A committed checkpoint read into memory, every file checked against the SHA-256 its commit
 * marker recorded, as {@link TrainedRun#open} reads it for the jobs that consume trained models.
 *
 * @param runDir the training run folder (holds {@code config.conf})
 * @param id the checkpoint's id: its folder name, e.g. {@code round-00000006}
 * @param round the training round it was taken after
 * @param folder the checkpoint folder
 * @param files each file's bytes, verified
 * @param sha256 each file's SHA-256 (hex), as recorded and verified
 */
public record VerifiedCheckpoint(String runDir, String id, long round, String folder, Map<String, byte[]> files,
    Map<String, String> sha256) implements Serializable {

  /** Raised when a file does not match its recorded hash: the model must not be used. */
  public static final class TamperedException extends RuntimeException {
    public TamperedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Reads the checkpoint at {@code input} of the run in {@code runDir}: a {@code round-N} folder, or
   * the run folder's newest committed checkpoint (null when it has none). A named checkpoint that
   * is not committed is a {@link SettingsException}; a file that fails its hash check is a
   * {@link TamperedException}. Opened through {@link TrainedRun#open}.
   */
  static VerifiedCheckpoint find(Path input, Path runDir, Configuration conf) {
    CheckpointStore store = new CheckpointStore(runDir, conf);
    CheckpointStore.Checkpoint checkpoint;
    if (input.getName().startsWith(CheckpointStore.PREFIX)) {
      checkpoint = store.committed().stream().filter(c -> c.folder().getName().equals(input.getName())).findFirst()
          .orElseThrow(() -> new SettingsException("No committed checkpoint at " + input));
    } else {
      checkpoint = store.latest().orElse(null);
      if (checkpoint == null) {
        return null;
      }
    }
    Map<String, byte[]> files;
    try {
      files = store.read(checkpoint);
    } catch (IllegalStateException e) {
      throw new TamperedException("Refusing the model at " + checkpoint.folder() + ": " + e.getMessage(), e);
    }
    Map<String, String> hashes = new TreeMap<>();
    files.forEach((name, bytes) -> hashes.put(name, CheckpointStore.sha256(bytes)));
    return new VerifiedCheckpoint(runDir.toString(), checkpoint.folder().getName(), checkpoint.round(),
        checkpoint.folder().toString(), Collections.unmodifiableMap(new LinkedHashMap<>(files)),
        Collections.unmodifiableMap(hashes));
  }

  public byte[] file(String name) {
    byte[] data = files.get(name);
    if (data == null) {
      throw new SettingsException("Checkpoint " + folder + " has no file " + name + " (it has " + files.keySet() + ")");
    }
    return data;
  }
}
