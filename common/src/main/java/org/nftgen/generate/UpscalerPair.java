package org.nftgen.generate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nftgen.io.Json;

/**
 * A dedicated 2x model for the middle size and a 4x model for the largest, both applied to the
 * generator's (denoised) image: what the pipeline uses when it is given an SRGAN of each factor,
 * instead of applying the 2x model twice or shrinking the 4x result (the seed's notebook did that).
 */
public record UpscalerPair(UpscalerSource twice, UpscalerSource fourTimes) implements UpscalerSource {
  private static final long serialVersionUID = 1L;

  @Override
  public UpscaleStage open() {
    UpscaleStage two = twice.open();
    UpscaleStage four = fourTimes.open();
    if (two.factor() != 2 || four.factor() != 4) {
      throw new IllegalArgumentException("an upscaler pair needs a 2x and a 4x model, got " + two.factor() + "x and "
          + four.factor() + "x");
    }
    return new UpscaleStage() {
      @Override
      public int factor() {
        return 2;
      }

      @Override
      public INDArray upscale(INDArray nchw) {
        return two.upscale(nchw);
      }

      @Override
      public UpscaleStage fourTimes() {
        return four;
      }

      @Override
      public void close() {
        two.close();
        four.close();
      }
    };
  }

  @Override
  public ObjectNode describe() {
    ObjectNode o = Json.object();
    ObjectNode a = twice.describe();
    ObjectNode b = fourTimes.describe();
    o.put("kind", a.get("kind").asText());
    o.put("checkpoint", a.path("checkpoint").asText() + "+" + b.path("checkpoint").asText());
    o.set("x2", a);
    o.set("x4", b);
    return o;
  }
}
