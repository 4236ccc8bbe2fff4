package org.nftgen.gan;

import java.util.Arrays;
import java.util.List;
import org.nftgen.averaging.Averageable;

/**
 * Everything that determines the next GAN iterations, as plain Java arrays so that Spark can
 * broadcast it and collect it without ND4J on the wire: both networks' flat parameters (batch-norm
 * running statistics included), both Adam states, both iteration counts (Adam's bias correction
 * depends on them), the latent RNG's two state words, and the moving average of the generator's
 * weights (empty when training keeps none).
 *
 * <p>Arrays are compared by content in {@link #equals}, unlike a record's default.
 */
public record GanState(
    float[] generatorParams,
    float[] discriminatorParams,
    float[] generatorUpdater,
    float[] discriminatorUpdater,
    int generatorIterations,
    int discriminatorIterations,
    long rngRootState,
    long rngNodeState,
    float[] generatorAverage) implements Averageable<GanState> {

  private static final long serialVersionUID = 2L;

  /** A state without a moving average of the generator's weights. */
  public GanState(float[] generatorParams, float[] discriminatorParams, float[] generatorUpdater,
      float[] discriminatorUpdater, int generatorIterations, int discriminatorIterations, long rngRootState,
      long rngNodeState) {
    this(generatorParams, discriminatorParams, generatorUpdater, discriminatorUpdater, generatorIterations,
        discriminatorIterations, rngRootState, rngNodeState, new float[0]);
  }

  /** The generator weights to sample with: the moving average where training kept one. */
  public float[] samplingGeneratorParams() {
    return generatorAverage.length > 0 ? generatorAverage : generatorParams;
  }

  /** Parameters and Adam states, averaged by parameter averaging; counters and RNG are not. */
  @Override
  public float[][] arrays() {
    return new float[][] {generatorParams, discriminatorParams, generatorUpdater, discriminatorUpdater,
        generatorAverage};
  }

  @Override
  public GanState withArrays(float[][] arrays) {
    return new GanState(arrays[0], arrays[1], arrays[2], arrays[3], generatorIterations, discriminatorIterations,
        rngRootState, rngNodeState, arrays[4]);
  }

  /** The same state with another latent RNG state, e.g. a per-partition stream. */
  public GanState withRng(long rootState, long nodeState) {
    return new GanState(generatorParams, discriminatorParams, generatorUpdater, discriminatorUpdater,
        generatorIterations, discriminatorIterations, rootState, nodeState, generatorAverage);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GanState s
        && Arrays.equals(generatorParams, s.generatorParams)
        && Arrays.equals(discriminatorParams, s.discriminatorParams)
        && Arrays.equals(generatorUpdater, s.generatorUpdater)
        && Arrays.equals(discriminatorUpdater, s.discriminatorUpdater)
        && generatorIterations == s.generatorIterations
        && discriminatorIterations == s.discriminatorIterations
        && rngRootState == s.rngRootState
        && rngNodeState == s.rngNodeState
        && Arrays.equals(generatorAverage, s.generatorAverage);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new int[] {Arrays.hashCode(generatorParams), Arrays.hashCode(discriminatorParams),
        Arrays.hashCode(generatorUpdater), Arrays.hashCode(discriminatorUpdater), generatorIterations,
        discriminatorIterations, Long.hashCode(rngRootState), Long.hashCode(rngNodeState),
        Arrays.hashCode(generatorAverage)});
  }

  @Override
  public String toString() {
    return "GanState[G " + generatorParams.length + " params, D " + discriminatorParams.length
        + " params, iterations G " + generatorIterations + " D " + discriminatorIterations + "]";
  }
}
