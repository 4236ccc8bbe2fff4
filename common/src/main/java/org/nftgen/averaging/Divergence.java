package org.nftgen.averaging;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Stops a run the round its training diverges: a non-finite loss on any worker (the averaged
 * metrics carry it) or a non-finite value in the averaged state. Raised before the state is
 * checkpointed, so the last good checkpoint stays the newest.
 */
public final class Divergence {
  private Divergence() {}

  /** Thrown when training produced NaN or infinity. */
  public static final class DivergedException extends RuntimeException {
    public DivergedException(String message) {
      super(message);
    }
  }

  /**
   * @param lastGood says where the last good checkpoint is; only asked for when the check fails,
   *     since listing checkpoints every round would cost an object-store listing per round
   */
  public static <S extends Averageable<S>> void check(Map<String, Double> metrics, S state, long round,
      Supplier<String> lastGood) {
    for (Map.Entry<String, Double> m : metrics.entrySet()) {
      if (!Double.isFinite(m.getValue())) {
        throw new DivergedException("Training diverged in round " + round + ": " + m.getKey() + " = " + m.getValue()
            + " on at least one worker. Stopped before saving this round; " + lastGood.get());
      }
    }
    float[][] arrays = state.arrays();
    for (int a = 0; a < arrays.length; a++) {
      for (float v : arrays[a]) {
        if (!Float.isFinite(v)) {
          throw new DivergedException("Training diverged in round " + round + ": state array " + a
              + " holds " + v + ". Stopped before saving this round; " + lastGood.get());
        }
      }
    }
  }
}
