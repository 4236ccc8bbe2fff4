package org.nftgen.averaging;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The states of a round's workers on their way to their mean, for {@code treeAggregate}.
 *
 * <p>A partial holds up to {@link #HELD} workers' states as they are (a worker's task result is
 * then its state's floats, 76 MB at seed size, not doubles beside them), and {@link #mean()} sums
 * them in double in worker order, in parallel over the values, with no array of sums in between.
 * Past {@link #HELD} states the partial folds them into double sums, so that a tree of many
 * workers does not grow its messages. Either way each value is a double sum of floats divided
 * once, so the mean does not depend on how Spark groups the partials; with at most
 * {@link #HELD} workers (the usual case) it does not depend on their order either.
 */
public final class StateSum<S extends Averageable<S>> implements Serializable {
  private static final long serialVersionUID = 3L;
  /** States a partial holds unsummed before it folds them into double sums. */
  static final int HELD = 4;
  /** Values per parallel piece of the mean. */
  private static final int PIECE = 1 << 16;

  /** A worker's state as it travels in a task result ({@link Shipped}). */
  private record Held<S extends Averageable<S>>(Shipped<S> shipped, int worker) implements Serializable {
    S state() {
      return shipped.state();
    }
  }

  // The non-averaged part (counters, RNG words) comes from the lowest-numbered worker, whatever
  // order Spark merges partial sums in, so that the result does not depend on scheduling.
  private Shipped<S> template;
  private int templateWorker = Integer.MAX_VALUE;
  private final List<Held<S>> held = new ArrayList<>();
  private double[][] sums;
  private long count;

  /** Adds worker {@code worker}'s state. */
  public StateSum<S> add(S state, int worker) {
    return add(new Shipped<>(state), worker);
  }

  private StateSum<S> add(Shipped<S> shipped, int worker) {
    if (count > 0) {
      checkShape(lengths(), shipped.state().arrays());
    }
    // One wrapper for both, so a task result writes the state once.
    if (worker < templateWorker) {
      template = shipped;
      templateWorker = worker;
    }
    held.add(new Held<>(shipped, worker));
    count++;
    if (held.size() > HELD) {
      fold();
    }
    return this;
  }

  /** Merges another partial into this one. */
  public StateSum<S> merge(StateSum<S> other) {
    if (other.count == 0) {
      return this;
    }
    if (count == 0) {
      return other;
    }
    if (other.sums != null) {
      fold();
      int[] want = lengths();
      for (int a = 0; a < want.length; a++) {
        if (a >= other.sums.length || other.sums[a].length != want[a] || want.length != other.sums.length) {
          throw new IllegalArgumentException("states of different models cannot be averaged");
        }
      }
      for (int a = 0; a < sums.length; a++) {
        for (int i = 0; i < sums[a].length; i++) {
          sums[a][i] += other.sums[a][i];
        }
      }
      count += other.count - other.held.size();
    }
    for (Held<S> h : other.held) {
      add(h.shipped(), h.worker());
    }
    if (other.templateWorker < templateWorker) { // a worker only in the other's sums
      template = other.template;
      templateWorker = other.templateWorker;
    }
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
    if (sums == null && held.size() == 1) {
      return held.get(0).state();
    }
    List<float[][]> parts = new ArrayList<>();
    held.stream().sorted(Comparator.comparingInt(Held::worker)).forEach(h -> parts.add(h.state().arrays()));
    int[] lengths = lengths();
    float[][] mean = new float[lengths.length][];
    for (int a = 0; a < lengths.length; a++) {
      int array = a;
      int length = lengths[a];
      float[] out = mean[a] = new float[length];
      IntStream.range(0, (length + PIECE - 1) / PIECE).parallel().forEach(piece -> {
        int end = Math.min(length, (piece + 1) * PIECE);
        for (int i = piece * PIECE; i < end; i++) {
          double sum = sums != null ? sums[array][i] : 0;
          for (float[][] p : parts) {
            sum += p[array][i];
          }
          out[i] = (float) (sum / count);
        }
      });
    }
    return template.state().withArrays(mean);
  }

  /** Moves the held states into the double sums. */
  private void fold() {
    if (sums == null) {
      float[][] shape = held.get(0).state().arrays();
      sums = new double[shape.length][];
      for (int a = 0; a < shape.length; a++) {
        sums[a] = new double[shape[a].length];
      }
    }
    held.sort(Comparator.comparingInt(Held::worker));
    for (Held<S> h : held) {
      float[][] arrays = h.state().arrays();
      for (int a = 0; a < arrays.length; a++) {
        double[] sum = sums[a];
        float[] values = arrays[a];
        for (int i = 0; i < values.length; i++) {
          sum[i] += values[i];
        }
      }
    }
    held.clear();
  }

  /** The length of each array of the states summed here. */
  private int[] lengths() {
    if (sums != null) {
      return java.util.Arrays.stream(sums).mapToInt(x -> x.length).toArray();
    }
    return java.util.Arrays.stream(held.get(0).state().arrays()).mapToInt(x -> x.length).toArray();
  }

  private static void checkShape(int[] want, float[][] arrays) {
    if (arrays.length != want.length) {
      throw new IllegalArgumentException("states of different models cannot be averaged");
    }
    for (int a = 0; a < want.length; a++) {
      if (arrays[a].length != want[a]) {
        throw new IllegalArgumentException("array " + a + " has " + arrays[a].length + " values, expected " + want[a]);
      }
    }
  }
}
