package org.nftgen.averaging;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The loop of every model's worker round ({@link LocalTrainer}): run the local iterations, keep
 * the mean of each named metric they report, and hand back the state with the images seen and
 * the seconds taken. Trainers say what one iteration is; the bookkeeping is here once.
 */
public final class WorkerRound {
  /** One local iteration: trains, and records what it measured under stable names. */
  @FunctionalInterface
  public interface Iteration {
    void run(Metrics metrics);
  }

  /**
   * Named means over a round's iterations, in the order the names first appear (the order of
   * metrics.jsonl's fields). A value {@link #set} is reported as it is, not averaged.
   */
  public static final class Metrics {
    private final Map<String, Double> sums = new LinkedHashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final Map<String, Double> fixed = new LinkedHashMap<>();

    public void add(String name, double value) {
      sums.merge(name, value, Double::sum);
      counts.merge(name, 1, Integer::sum);
    }

    /** A value that holds for the whole round (a schedule's current value). */
    public void set(String name, double value) {
      fixed.put(name, value);
    }

    Map<String, Double> means() {
      Map<String, Double> means = new LinkedHashMap<>(fixed);
      sums.forEach((name, sum) -> means.put(name, sum / counts.get(name)));
      return means;
    }
  }

  private WorkerRound() {}

  /**
   * Runs {@code iterations} of {@code iteration}, then reports {@code state}'s snapshot; the
   * seconds count from {@code beginNanos} (when the trainer started restoring the broadcast state).
   */
  public static <S> LocalTrainer.Report<S> run(long beginNanos, int iterations, long imagesPerIteration,
      Iteration iteration, Supplier<S> state) {
    Metrics metrics = new Metrics();
    for (int it = 0; it < iterations; it++) {
      iteration.run(metrics);
    }
    return new LocalTrainer.Report<>(state.get(), metrics.means(), iterations * imagesPerIteration,
        (System.nanoTime() - beginNanos) / 1e9);
  }
}
