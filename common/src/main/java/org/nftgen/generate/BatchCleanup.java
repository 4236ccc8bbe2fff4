package org.nftgen.generate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nftgen.io.HadoopFiles;
import org.nftgen.run.WriterLease;

/**
 * Deleting inside a batch folder, which may be shared with files that are not the batch's: only
 * names of the batch's own layout ({@link BatchLayout#isBatchKey}) are ever deleted; anything else
 * (the writer lease, another tool's file) is left where it is.
 */
public final class BatchCleanup {
  private BatchCleanup() {}

  /** What {@link #keepOnly} removed and what it left alone. */
  public record Result(int strayImages, List<String> foreign) {}

  /**
   * Before regenerating a complete batch ({@code --overwrite}): unpublishes it first (its marker
   * goes, so a crash while regenerating cannot leave the old marker over new files), then deletes
   * the batch's own files.
   */
  public static void clearForOverwrite(Path batchDir, Configuration conf) {
    HadoopFiles.deleteRecursively(new Path(batchDir, BatchLayout.MARKER), conf);
    for (HadoopFiles.ListedFile f : HadoopFiles.listFiles(batchDir, conf)) {
      if (BatchLayout.isBatchKey(relative(batchDir, f.path()))) {
        HadoopFiles.deleteRecursively(f.path(), conf);
      }
    }
  }

  /** The keys a finished batch keeps: the manifest, the lease, every image and metadata file it lists. */
  public static Set<String> keys(List<JsonNode> images) {
    Set<String> wanted = new HashSet<>();
    wanted.add(BatchLayout.MANIFEST);
    wanted.add(WriterLease.FILE);
    for (JsonNode image : images) {
      image.get("keys").forEach(k -> wanted.add(k.asText()));
      if (image.has("metadata")) {
        wanted.add(image.get("metadata").asText());
      }
    }
    return wanted;
  }

  /**
   * Deletes every file of the batch's layout that is not in {@code wanted}: leftovers of killed
   * attempts, chunk records, images beyond the count of an earlier attempt; then the chunk records'
   * folder. What remains of the batch is exactly the requested keys.
   */
  public static Result keepOnly(Path batchDir, Set<String> wanted, Configuration conf) {
    int stray = 0;
    List<String> foreign = new ArrayList<>();
    for (HadoopFiles.ListedFile f : HadoopFiles.listFiles(batchDir, conf)) {
      String relative = relative(batchDir, f.path());
      if (wanted.contains(relative)) {
        continue;
      }
      if (!BatchLayout.isBatchKey(relative)) {
        foreign.add(relative); // not a name a batch writes: someone else's file, left alone
        continue;
      }
      HadoopFiles.deleteRecursively(f.path(), conf);
      stray += relative.startsWith(BatchLayout.PARTS + "/") ? 0 : 1;
    }
    HadoopFiles.deleteRecursively(new Path(batchDir, BatchLayout.PARTS), conf);
    return new Result(stray, foreign);
  }

  /** A listed file's key under the batch folder ("" for one outside it, which no batch key matches). */
  private static String relative(Path batchDir, Path file) {
    String root = batchDir.toString() + "/";
    String path = file.toString();
    return path.startsWith(root) ? path.substring(root.length()) : "";
  }
}
