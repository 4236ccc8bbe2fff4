package org.nftgen.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nftgen.config.SettingsException;
import org.nftgen.io.HadoopFiles;
import org.nftgen.io.Json;
import org.nftgen.io.ProgressLog;

/**
 * A trusted digest of a model's state file, given by whoever schedules the job rather than read
 * from the run folder. The commit marker's hashes only prove that a checkpoint was not changed by
 * accident: whoever can write the folder can rewrite the marker too. A pin can come as the
 * SHA-256 itself (64 hex digits) or as the {@code manifest.json} of an earlier batch, whose
 * {@code models.generator.sha256."state.bin"} names the model it was made with.
 *
 * @param sha256 the pinned digest (lower-case hex), or null when the model is unpinned
 * @param source where the pin came from (the value, or the manifest's path)
 */
public record ModelPin(String sha256, String source) {
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64}");

  /** Checks the form of a pin before anything starts: empty, 64 hex digits or a .json file's URI. */
  public static String checkForm(String value, String key) {
    String v = value == null ? "" : value.trim();
    if (!v.isEmpty() && !HEX.matcher(v).matches() && !v.endsWith(".json")) {
      throw new SettingsException("Setting '" + key + "' = '" + v + "' is neither a SHA-256 (64 hex digits) nor the "
          + "manifest.json of an earlier batch");
    }
    return v;
  }

  /** The pin that setting {@code key} = {@code value} gives; empty for none. */
  public static ModelPin of(String value, String key, Configuration conf) {
    if (value == null || value.isBlank()) {
      return new ModelPin(null, null);
    }
    String v = value.trim();
    if (HEX.matcher(v).matches()) {
      return new ModelPin(v.toLowerCase(Locale.ROOT), "setting " + key);
    }
    Path manifest = new Path(v);
    if (!v.endsWith(".json") || !HadoopFiles.exists(manifest, conf)) {
      throw new SettingsException("Setting '" + key + "' = '" + v + "' is neither a SHA-256 (64 hex digits) nor the "
          + "manifest.json of an earlier batch");
    }
    try {
      JsonNode json = Json.mapper().readTree(HadoopFiles.readString(manifest, conf));
      String pinned = json.path("models").path("generator").path("sha256").path(CheckpointStore.STATE).asText("");
      if (!HEX.matcher(pinned).matches()) {
        throw new SettingsException("The manifest " + v + " named by '" + key + "' records no generator SHA-256");
      }
      return new ModelPin(pinned.toLowerCase(Locale.ROOT), "manifest " + v);
    } catch (IOException e) {
      throw new SettingsException("Setting '" + key + "': unreadable manifest " + v + ": " + e.getMessage(), e);
    }
  }

  public boolean pinned() {
    return sha256 != null;
  }

  /**
   * Refuses a model whose state file's digest is not the pinned one; says so when there is no pin.
   *
   * @param actual the SHA-256 of the model's state file as loaded
   */
  public void check(String what, String actual) {
    if (!pinned()) {
      ProgressLog.line("nftgen: the " + what + " is unpinned (its SHA-256 " + actual + " is checked only against "
          + "its own run folder); pin it with --generator-sha256 " + actual);
      return;
    }
    if (!sha256.equals(actual)) {
      throw new VerifiedCheckpoint.TamperedException("Refusing the " + what + ": its " + CheckpointStore.STATE
          + " has SHA-256 " + actual + ", not " + sha256 + " pinned by " + source, null);
    }
  }
}
