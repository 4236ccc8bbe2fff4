package org.nftgen.averaging;

import java.io.Serializable;

/**
 * A running sum of worker states for {@code treeAggregate}: sums are kept in double, so the mean
 * of a few workers is exact to float precision whatever order Spark merges partial sums in.
 */
public final class StateSum<S extends Averageable<S>> implements Serializable {
  private static final long serialVersionUID = 1L;
  // The non-averaged part (counters, RNG words) comes from the lowest-numbered worker, whatever
  // order Spark merges partial sums in, so that the result does not depend on scheduling.
  private S template;
  private int templateWorker = Integer.MAX_VALUE;
  private double[][] sums;
  private long count;

  /** Adds worker {@code worker}'s state. */
  public StateSum<S> add(S state, int worker) {
    float[][] arrays = state.arrays();
    if (worker < templateWorker) {
      template = state;
      templateWorker = worker;
    }
    if (sums == null) {
      sums = new double[arrays.length][];
      for (int a = 0; a < arrays.length; a++) {
        sums[a] = new double[arrays[a].length];
      }
    }
    if (arrays.length != sums.length) {
      throw new IllegalArgumentException("states of different models cannot be averaged");
    }
    for (int a = 0; a < arrays.length; a++) {
      if (arrays[a].length != sums[a].length) {
        throw new IllegalArgumentException("array " + a + " has " + arrays[a].length + " values, expected " + sums[a].length);
      }
      double[] sum = sums[a];
      float[] values = arrays[a];
      for (int i = 0; i < values.length; i++) {
        sum[i] += values[i];
      }
    }
    count++;
    return this;
  }

  /** Merges another partial sum into this one. */
  public StateSum<S> merge(StateSum<S> other) {
    if (other.sums == null) {
      return this;
    }
    if (sums == null) {
      return other;
    }
    for (int a = 0; a < sums.length; a++) {
      for (int i = 0; i < sums[a].length; i++) {
        sums[a][i] += other.sums[a][i];
      }
    }
    if (other.templateWorker < templateWorker) {
      template = other.template;
      templateWorker = other.templateWorker;
    }
    count += other.count;
    return this;
  }

  public long count() {
    return count;
  }

  /** The element-wise mean of every state added. */
  public S mean() {
    if (count == 0) {
      throw new IllegalStateException("no worker reported a state");
    }
    float[][] mean = new float[sums.length][];
    for (int a = 0; a < sums.length; a++) {
      mean[a] = new float[sums[a].length];
      for (int i = 0; i < mean[a].length; i++) {
        mean[a][i] = (float) (sums[a][i] / count);
      }
    }
    return template.withArrays(mean);
  }
}
