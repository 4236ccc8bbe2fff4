package org.nftgen.gan;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;

/**
 * How the generator's per-image losses against several discriminators combine into one, and so how
 * much of each discriminator's gradient reaches the generator. Each loss is D_k's non-saturating
 * cross-entropy of the image labelled REAL; with one discriminator every combination is that loss.
 *
 * <ul>
 *   <li>{@code MAX}: the larger loss per image (a fake must fool every D: an AND). Its gradient is
 *       the chosen D's alone; ties go to the first D.</li>
 *   <li>{@code MEAN}: the mean loss, each D's gradient at weight 1/K.</li>
 *   <li>{@code WEIGHTED}: a fixed weighted sum (the weights as configured).</li>
 *   <li>{@code SOFTMAX}: a smooth max, {@code t * log(sum_k exp(L_k / t))}, whose gradient weighs
 *       each D by {@code softmax(L / t)_k}: all of them, the worse-fooled ones more; as t falls
 *       it tends to MAX.</li>
 * </ul>
 */
public record GeneratorLoss(Kind kind, double[] weights, double temperature) implements Serializable {

  public enum Kind { MAX, MEAN, WEIGHTED, SOFTMAX;

    public static Kind parse(String value) {
      return valueOf(value.toUpperCase(Locale.ROOT));
    }
  }

  /** The single-discriminator case, and the blend's default. */
  public static final GeneratorLoss MAX_OF_ALL = new GeneratorLoss(Kind.MAX, new double[0], 1.0);

  /**
   * Per image {@code i} and discriminator {@code k} ({@code losses[k][i]}), the weight of D_k's
   * loss gradient in the combined loss's gradient; {@code combined} receives the combined loss.
   */
  public double[][] weights(double[][] losses, double[] combined) {
    return weights(losses, combined, 1.0);
  }

  /**
   * As {@link #weights(double[][], double[])}, moved towards the per-image minimum by
   * {@code 1 - conjunction}: {@code (1 - c) * min_k L_k + c * combined}. At {@code c = 0} a fake
   * need fool only its most fooled D (an OR: the generator may learn each collection on its own
   * images), at {@code c = 1} it is this loss; the blend's warm-up moves c from 0 to 1.
   */
  public double[][] weights(double[][] losses, double[] combined, double conjunction) {
    if (!(conjunction >= 0 && conjunction <= 1)) {
      throw new IllegalArgumentException("conjunction " + conjunction + " outside [0, 1]");
    }
    double[][] w = configuredWeights(losses, combined);
    if (conjunction == 1) {
      return w;
    }
    for (int i = 0; i < combined.length; i++) {
      int best = 0;
      for (int k = 1; k < losses.length; k++) {
        if (losses[k][i] < losses[best][i]) {
          best = k;
        }
      }
      combined[i] = (1 - conjunction) * losses[best][i] + conjunction * combined[i];
      for (int k = 0; k < losses.length; k++) {
        w[k][i] = (k == best ? 1 - conjunction : 0) + conjunction * w[k][i];
      }
    }
    return w;
  }

  private double[][] configuredWeights(double[][] losses, double[] combined) {
    int discriminators = losses.length;
    int n = losses[0].length;
    if (kind == Kind.WEIGHTED && weights.length != discriminators) {
      throw new IllegalArgumentException(weights.length + " weights for " + discriminators + " discriminators");
    }
    double[][] w = new double[discriminators][n];
    for (int i = 0; i < n; i++) {
      switch (kind) {
        case MAX -> {
          int worst = 0;
          for (int k = 1; k < discriminators; k++) {
            if (losses[k][i] > losses[worst][i]) {
              worst = k;
            }
          }
          w[worst][i] = 1;
          combined[i] = losses[worst][i];
        }
        case MEAN, WEIGHTED -> {
          combined[i] = 0;
          for (int k = 0; k < discriminators; k++) {
            w[k][i] = kind == Kind.MEAN ? 1.0 / discriminators : weights[k];
            combined[i] += w[k][i] * losses[k][i];
          }
        }
        case SOFTMAX -> {
          double top = Double.NEGATIVE_INFINITY;
          for (int k = 0; k < discriminators; k++) {
            top = Math.max(top, losses[k][i] / temperature);
          }
          double sum = 0;
          for (int k = 0; k < discriminators; k++) {
            w[k][i] = Math.exp(losses[k][i] / temperature - top); // shifted: no overflow
            sum += w[k][i];
          }
          for (int k = 0; k < discriminators; k++) {
            w[k][i] /= sum;
          }
          combined[i] = temperature * (top + Math.log(sum));
        }
        default -> throw new IllegalStateException(kind.name());
      }
    }
    return w;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GeneratorLoss g && kind == g.kind && Arrays.equals(weights, g.weights)
        && temperature == g.temperature;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * kind.hashCode() + Arrays.hashCode(weights)) + Double.hashCode(temperature);
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(Locale.ROOT) + (kind == Kind.WEIGHTED ? Arrays.toString(weights) : "")
        + (kind == Kind.SOFTMAX ? "(t=" + temperature + ")" : "");
  }
}
