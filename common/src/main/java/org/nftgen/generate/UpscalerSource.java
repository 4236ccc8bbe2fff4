package org.nftgen.generate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;

/**
 * What the driver ships to executors for the super-resolution stage: everything needed to build
 * an {@link UpscaleStage} (for a trained upscaler, its checkpoint bytes, already verified against
 * their recorded SHA-256 on the driver). Executors call {@link #open()} once per partition.
 */
public interface UpscalerSource extends Serializable {
  /** Builds the stage; called once per partition on an executor. */
  UpscaleStage open();

  /**
   * How the batch manifest records the upscaler: at least {@code "kind"}; for a trained model
   * also its checkpoint id and the SHA-256 of its files, so that every image names its models.
   */
  ObjectNode describe();
}
