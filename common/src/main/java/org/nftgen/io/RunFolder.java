package org.nftgen.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.nftgen.config.SettingsException;

/**
 * The guard in front of a training run's folder: a new run needs an empty or absent folder, a
 * resumed one needs the folder of an earlier run, and a finished run is only replaced when asked.
 */
public final class RunFolder {
  private RunFolder() {}

  public static void open(Path runDir, boolean resume, boolean overwrite, Configuration conf) {
    try {
      FileSystem fs = HadoopFiles.fileSystem(runDir, conf);
      boolean hasContent = fs.exists(runDir) && fs.listStatus(runDir).length > 0;
      if (resume) {
        if (!hasContent) {
          throw new SettingsException("--resume given but " + runDir + " holds no earlier run");
        }
        return;
      }
      if (!hasContent) {
        return;
      }
      if (!overwrite) {
        throw new SettingsException("Run folder " + runDir + " is not empty: pass --resume to continue that run, "
            + "--overwrite to replace it, or another --output");
      }
      for (FileStatus child : fs.listStatus(runDir)) {
        fs.delete(child.getPath(), true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open run folder " + runDir + ": " + e.getMessage(), e);
    }
  }
}
