package org.nftgen.blend;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.List;
import org.nftgen.config.SettingsException;
import org.nftgen.config.SettingsReader;
import org.nftgen.gan.GeneratorLoss;

/**
 * The blend's own settings, read from {@code nftgen.blend}: the second collection (the first is
 * {@code nftgen.train.input}), the method, and for the seed's method how the generator's losses
 * against the two discriminators combine. The networks are the DCGAN's ({@code nftgen.dcgan}); both
 * discriminators share its architecture.
 */
public record BlendSettings(String secondInput, GeneratorLoss generatorLoss, int warmupRounds, Method method,
    LayerSwapSettings layerSwap, String startFrom) implements Serializable {

  /** How the blend is made. */
  public enum Method {
    /** The seed's: one generator trained against one discriminator per collection. */
    TWO_DISCRIMINATORS("two-discriminators"),
    /** Pinkney & Adler 2020: a generator of A, a copy fine-tuned on B, layers taken from each. */
    LAYER_SWAP("layer-swap");

    private final String key;

    Method(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  /** The seed's method without a warm-up: the configured loss from the first round. */
  public BlendSettings(String secondInput, GeneratorLoss generatorLoss) {
    this(secondInput, generatorLoss, 0);
  }

  /** The seed's method. */
  public BlendSettings(String secondInput, GeneratorLoss generatorLoss, int warmupRounds) {
    this(secondInput, generatorLoss, warmupRounds, Method.TWO_DISCRIMINATORS, LayerSwapSettings.DEFAULT, "");
  }

  /**
   * How much of the configured loss (against the per-image minimum) the generator trains on in
   * {@code round} (counted from 1): rising linearly over the warm-up rounds, then 1.
   */
  public double conjunction(long round) {
    return warmupRounds == 0 ? 1.0 : Math.min(1.0, (double) (round - 1) / warmupRounds);
  }

  public static BlendSettings from(Config config) {
    SettingsReader r = new SettingsReader(config, "nftgen.blend");
    String kind = r.choice("generator-loss", "max", "mean", "weighted", "softmax");
    List<Double> weights = config.getDoubleList(r.key("weights"));
    if (weights.size() != 2 || weights.stream().anyMatch(w -> !(w >= 0) || Double.isInfinite(w))) {
      throw new SettingsException("Setting '" + r.key("weights") + "' = " + weights
          + " must be two non-negative numbers, one per collection");
    }
    GeneratorLoss loss = new GeneratorLoss(GeneratorLoss.Kind.parse(kind),
        weights.stream().mapToDouble(Double::doubleValue).toArray(),
        r.doubleValue("softmax-temperature", 1e-3, 1e3));
    Method method = r.choice("method", Method.TWO_DISCRIMINATORS.key(), Method.LAYER_SWAP.key())
        .equals(Method.LAYER_SWAP.key()) ? Method.LAYER_SWAP : Method.TWO_DISCRIMINATORS;
    String startFrom = r.string("start-from").trim();
    if (!startFrom.isEmpty() && method == Method.LAYER_SWAP) {
      throw new SettingsException("Setting '" + r.key("start-from") + "' = " + startFrom + " is for the "
          + Method.TWO_DISCRIMINATORS.key() + " method; a layer swap starts from layer-swap.parent-a");
    }
    return new BlendSettings(r.requiredString("second-input", "pass --input2 URI of the second prepared dataset"),
        loss, r.intValue("warmup-rounds", 0, 1_000_000), method, LayerSwapSettings.from(config), startFrom);
  }
}
