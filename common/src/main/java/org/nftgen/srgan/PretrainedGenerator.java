package org.nftgen.srgan;

import java.io.Serializable;
import org.apache.hadoop.fs.Path;

/**
 * Phase 1's result in a run folder, {@code pretrained/generator.bin}: the generator's flat
 * parameters, Adam state and iteration count after content pre-training, written once phase 1 is complete, so that a resumed
 * run goes straight to phase 2 and phase 2 starts from it.
 */
public record PretrainedGenerator(float[] params, float[] updater, int iterations, int epochs, double lastPixelMse)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public static Path file(Path runDir) {
    return new Path(new Path(runDir, "pretrained"), "generator.bin");
  }
}
