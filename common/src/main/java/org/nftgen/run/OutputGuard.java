package org.nftgen.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.nftgen.io.HadoopFiles;

/**
 * The check in front of every job output that is published by a marker file: never write into a
 * folder holding anything but this kind of output, and never replace a complete one (its marker
 * exists) unless the user asked to.
 */
public final class OutputGuard {
  private OutputGuard() {}

  /**
   * @param ours the names this kind of output consists of (hidden temporaries are ignored)
   * @param marker the file written last, whose presence means complete
   * @param kind what the output is, for messages ("collection", "dataset")
   * @return whether a complete output exists (and may be replaced, since overwrite was given)
   */
  public static boolean check(Path root, Set<String> ours, String marker, boolean overwrite, String kind,
      String overwriteKey, Configuration conf) {
    try {
      FileSystem fs = HadoopFiles.fileSystem(root, conf);
      if (!fs.exists(root)) {
        return false;
      }
      for (FileStatus child : fs.listStatus(root)) {
        String name = child.getPath().getName();
        if (!ours.contains(name) && !name.startsWith(".")) {
          throw new JobFailedException("Output " + root + " is not empty and is not an nftgen " + kind + " ("
              + name + " is there); choose another --output");
        }
      }
      boolean complete = fs.exists(new Path(root, marker));
      if (complete && !overwrite) {
        throw new JobFailedException("A complete " + kind + " already exists at " + root
            + "; pass --overwrite (" + overwriteKey + "=true) to replace it");
      }
      return complete;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot inspect output " + root + ": " + e.getMessage(), e);
    }
  }
}
