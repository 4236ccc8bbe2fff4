package org.nftgen.averaging;

import java.io.Serializable;

/**
 * A model state that parameter averaging can average: its parameters and optimiser state as flat
 * float arrays. Everything else (iteration counts, RNG words) is taken from one worker's state,
 * since averaging it means nothing and every worker ran equally many iterations.
 */
public interface Averageable<S extends Averageable<S>> extends Serializable {
  /** The arrays to average, in a fixed order. */
  float[][] arrays();

  /** This state with its arrays replaced (same order and lengths as {@link #arrays()}). */
  S withArrays(float[][] arrays);
}
