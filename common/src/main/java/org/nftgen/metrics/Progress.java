package org.nftgen.metrics;

import java.util.Map;

/** The one line per round that a person watching a training run reads. */
public final class Progress {
  private Progress() {}

  /**
   * @param done rounds finished in this process, for the speed estimate
   * @param elapsedSeconds time this process has trained
   * @param budgetSeconds the wall-clock budget of training, 0 for none
   */
  public static String line(String job, long round, long rounds, Map<String, Double> metrics, double imagesPerSecond,
      long done, double elapsedSeconds, double budgetSeconds) {
    StringBuilder sb = new StringBuilder(String.format("%s: round %d/%d", job, round, rounds));
    for (Map.Entry<String, Double> m : metrics.entrySet()) {
      sb.append(String.format("  %s %.4f", m.getKey(), m.getValue()));
    }
    double eta = done > 0 ? elapsedSeconds / done * (rounds - round) : Double.NaN;
    if (budgetSeconds > 0) {
      eta = Math.min(eta, Math.max(0, budgetSeconds - elapsedSeconds));
    }
    sb.append(String.format("  %.1f images/s  ETA %s", imagesPerSecond, duration(eta)));
    return sb.toString();
  }

  static String duration(double seconds) {
    if (!Double.isFinite(seconds)) {
      return "?";
    }
    long s = Math.round(seconds);
    return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60) : String.format("%dm%02ds", s / 60, s % 60);
  }
}
