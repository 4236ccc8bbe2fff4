package org.nftgen.srgan;

import java.util.Arrays;
import org.nftgen.averaging.Averageable;

/**
 * Everything that determines the next SRGAN iterations, as plain arrays for Spark and checkpoints:
 * both networks' flat parameters (batch-norm running statistics included), both Adam states and
 * both iteration counts. No RNG words: patches are drawn from a stream seeded by (seed, round,
 * worker), and neither network draws random numbers.
 */
public record SrganState(
    float[] generatorParams,
    float[] discriminatorParams,
    float[] generatorUpdater,
    float[] discriminatorUpdater,
    int generatorIterations,
    int discriminatorIterations) implements Averageable<SrganState> {

  private static final long serialVersionUID = 1L;

  @Override
  public float[][] arrays() {
    return new float[][] {generatorParams, discriminatorParams, generatorUpdater, discriminatorUpdater};
  }

  @Override
  public SrganState withArrays(float[][] arrays) {
    return new SrganState(arrays[0], arrays[1], arrays[2], arrays[3], generatorIterations, discriminatorIterations);
  }

  /** The same state with another generator: its parameters, Adam state and iteration count (phase 1's). */
  public SrganState withGenerator(float[] params, float[] updater, int iterations) {
    if (params.length != generatorParams.length || updater.length != generatorUpdater.length) {
      throw new IllegalArgumentException("generator of " + params.length + " parameters and " + updater.length
          + " updater values, expected " + generatorParams.length + " and " + generatorUpdater.length
          + " (a different generator configuration)");
    }
    return new SrganState(params.clone(), discriminatorParams, updater.clone(), discriminatorUpdater, iterations,
        discriminatorIterations);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SrganState s
        && Arrays.equals(generatorParams, s.generatorParams)
        && Arrays.equals(discriminatorParams, s.discriminatorParams)
        && Arrays.equals(generatorUpdater, s.generatorUpdater)
        && Arrays.equals(discriminatorUpdater, s.discriminatorUpdater)
        && generatorIterations == s.generatorIterations
        && discriminatorIterations == s.discriminatorIterations;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new int[] {Arrays.hashCode(generatorParams), Arrays.hashCode(discriminatorParams),
        Arrays.hashCode(generatorUpdater), Arrays.hashCode(discriminatorUpdater), generatorIterations,
        discriminatorIterations});
  }

  @Override
  public String toString() {
    return "SrganState[G " + generatorParams.length + " params, D " + discriminatorParams.length
        + " params, iterations G " + generatorIterations + " D " + discriminatorIterations + "]";
  }
}
