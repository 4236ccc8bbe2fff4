package org.nftgen.generate;

import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.nftgen.config.SettingsException;

/**
 * Where a generation batch lives and what its names may be:
 * {@code <prefix>/batch=<id>/{base,2x,4x side}/<index>.png}, {@code manifest.json} and the
 * {@value #MARKER} marker written last. Batch ids and prefixes arrive from schedulers and command
 * lines, so they are checked before anything is written: a batch id is one path segment of safe
 * characters, and neither may climb out of the prefix with {@code ..}.
 */
public final class BatchLayout {
  /** Letters, digits, dot, dash, underscore; starts with a letter or digit; at most 128. */
  public static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  public static final String MANIFEST = "manifest.json";
  public static final String MARKER = "_SUCCESS";
  /** Per-chunk records of finished work, so that a re-run after a crash skips it; removed at the end. */
  public static final String PARTS = "_parts";

  private BatchLayout() {}

  /** Returns {@code id} if it is a valid batch id, else throws naming the value and the rule. */
  public static String validateBatchId(String id, String key) {
    if (id == null || !BATCH_ID.matcher(id).matches() || id.contains("..")) {
      throw new SettingsException("Setting '" + key + "' = '" + id + "' is not a valid batch id: use 1 to 128 of "
          + "A-Z a-z 0-9 . _ - starting with a letter or digit, without '..'");
    }
    return id;
  }

  /** Returns {@code prefix} if it is a plausible output prefix: no {@code ..} segment, no control characters. */
  public static String validatePrefix(String prefix, String key) {
    String problem = null;
    if (prefix == null || prefix.isBlank()) {
      problem = "is empty";
    } else if (prefix.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      problem = "contains control characters";
    } else if (prefix.contains("?") || prefix.contains("#")) {
      problem = "contains '?' or '#'";
    } else {
      String path = prefix.replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*://[^/]*", "");
      for (String segment : path.split("/", -1)) {
        if (segment.equals("..") || segment.equals(".")) {
          problem = "has a '" + segment + "' segment";
        }
      }
    }
    if (problem != null) {
      throw new SettingsException("Setting '" + key + "' = '" + prefix + "' " + problem + "; give an output prefix "
          + "such as s3a://bucket/nft or file:///data/nft");
    }
    return prefix;
  }

  public static Path batchDir(Path prefix, String batchId) {
    return new Path(prefix, "batch=" + batchId);
  }

  /** The key of image {@code index} at {@code side} pixels, relative to the batch folder. */
  public static String key(int side, long index) {
    return side + "/" + index + ".png";
  }

  /**
   * Whether {@code relative} (a path inside a batch folder) is a name a batch writes: an image
   * ({@code <side>/<index>.png}), token metadata ({@code metadata/<index>.json}), a chunk record,
   * the manifest, the marker, or a hidden temporary of one of them. Clean-up deletes only these, so
   * a file someone else put in the folder is never lost to it.
   */
  public static boolean isBatchKey(String relative) {
    return BATCH_KEY.matcher(relative).matches();
  }

  private static final Pattern BATCH_KEY = Pattern.compile("([0-9]+/[0-9]+\\.png|metadata/[0-9]+\\.json"
      + "|" + PARTS + "/[^/]+|" + MANIFEST.replace(".", "\\.") + "|" + MARKER + "|([^/]+/)?\\.[^/]+\\.tmp)");

  public static String partName(long chunk) {
    return String.format("%s/chunk-%08d.json", PARTS, chunk);
  }
}
