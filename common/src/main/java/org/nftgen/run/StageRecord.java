package org.nftgen.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nftgen.config.ResolvedConfig;
import org.nftgen.io.HadoopFiles;
import org.nftgen.io.Json;

/**
 * What a multi-stage job's stage was made with: the settings that decide its output (leaf config
 * paths and rendered values, credentials redacted) and the fingerprints of the stages it was made
 * from. A stage's output is reused only when its record matches what the stage would be run with
 * now, so that a changed recipe never silently serves the old model.
 *
 * @param settings the stage's own settings, path -> rendered value, in path order
 * @param inputs   for each stage this one was made from, that stage's {@link #fingerprint}
 */
public record StageRecord(SortedMap<String, String> settings, SortedMap<String, String> inputs) {
  /** Records are small; anything larger was not written by this class. */
  private static final long MAX_BYTES = 1 << 20;

  public StageRecord {
    settings = new TreeMap<>(settings);
    inputs = new TreeMap<>(inputs);
  }

  /**
   * The record of a stage that runs with {@code config}: every leaf under {@code sections} except
   * the {@code ignored} paths (where the job put the stage's inputs and outputs: a work folder
   * copied elsewhere is still the same work).
   */
  public static StageRecord of(Config config, Collection<String> sections, Set<String> ignored,
      Map<String, String> inputs) {
    SortedMap<String, String> settings = new TreeMap<>();
    for (String section : sections) {
      // The run folder's reading of a section, so that both compare settings the same way.
      RunFolder.leaves(config, section).forEach((key, value) -> {
        String path = section + "." + key;
        if (!ignored.contains(path)) {
          settings.put(path, ResolvedConfig.isSecretKey(path) ? ResolvedConfig.REDACTED : String.valueOf(value));
        }
      });
    }
    return new StageRecord(settings, new TreeMap<>(inputs));
  }

  /** A short digest of the whole record: what later stages record as their input. */
  public String fingerprint() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      // Compact JSON: no line separators, so the same record hashes alike on every platform.
      sha.update(Json.mapper().writeValueAsString(toNode()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * How {@code now} differs from this record, one line each: changed, added or removed settings
   * ({@code path: old -> new}), then inputs made differently; empty when they match.
   */
  public List<String> differences(StageRecord now) {
    List<String> out = new ArrayList<>();
    compare(settings, now.settings, "", out);
    for (String input : union(inputs, now.inputs)) {
      if (!String.valueOf(inputs.get(input)).equals(String.valueOf(now.inputs.get(input)))) {
        out.add(printable("made from a different " + input + " output"));
      }
    }
    return out;
  }

  private static void compare(Map<String, String> old, Map<String, String> now, String prefix, List<String> out) {
    for (String path : union(old, now)) {
      String a = old.get(path);
      String b = now.get(path);
      // By value, as a resumed run's settings are compared: 0.3 and "0.30", 2e-4 and 0.0002.
      if (a == null || b == null || !RunFolder.sameValue(a, b)) {
        out.add(printable(prefix + path + ": " + (a == null ? "(unset)" : a) + " -> " + (b == null ? "(unset)" : b)));
      }
    }
  }

  /** A saved record is untrusted: its control characters are shown escaped, never printed. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }

  private static Set<String> union(Map<String, String> a, Map<String, String> b) {
    Set<String> keys = new java.util.TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    return keys;
  }

  public String toJson() {
    return Json.pretty(toNode());
  }

  private ObjectNode toNode() {
    ObjectNode root = Json.object();
    ObjectNode s = root.putObject("settings");
    settings.forEach(s::put);
    ObjectNode i = root.putObject("inputs");
    inputs.forEach(i::put);
    return root;
  }

  public void write(Path file, Configuration hadoop) {
    HadoopFiles.writeString(file, toJson() + "\n", hadoop);
  }

  /**
   * The record at {@code file}, or empty if there is none. A file that is not a record (too large,
   * not JSON, values that are not strings) is refused with its path: it cannot vouch for anything.
   */
  public static Optional<StageRecord> read(Path file, Configuration hadoop) {
    if (!HadoopFiles.exists(file, hadoop)) {
      return Optional.empty();
    }
    String text;
    try {
      text = new String(HadoopFiles.readAll(file, MAX_BYTES, hadoop), StandardCharsets.UTF_8);
    } catch (java.io.UncheckedIOException e) {
      if (e.getCause() instanceof HadoopFiles.TooLargeException) {
        throw new JobFailedException(file + " is not a stage record: larger than " + MAX_BYTES + " bytes");
      }
      throw e;
    }
    try {
      JsonNode root = Json.mapper().readTree(text);
      if (root == null || !root.isObject()) {
        throw new JobFailedException(file + " is not a stage record: expected a JSON object");
      }
      return Optional.of(new StageRecord(strings(root, "settings", file), strings(root, "inputs", file)));
    } catch (IOException e) {
      throw new JobFailedException(file + " is not a stage record: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private static SortedMap<String, String> strings(JsonNode root, String field, Path file) {
    JsonNode node = root.get(field);
    if (node == null || !node.isObject()) {
      throw new JobFailedException(file + " is not a stage record: '" + field + "' is not an object");
    }
    SortedMap<String, String> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new JobFailedException(file + " is not a stage record: " + field + "." + e.getKey() + " is not a string");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }
}
