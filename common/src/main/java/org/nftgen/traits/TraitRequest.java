package org.nftgen.traits;

import org.nftgen.data.TraitLabels;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nftgen.config.SettingsException;

/**
 * Traits a batch's images must show ({@code generate --traits "Background=Blue,Hat=Fez"}): per
 * trait type of a classifier's labels, the class asked for, or -1 where any value will do (drawn
 * as the generator draws it, so unspecified traits keep the generator's rarities).
 */
public record TraitRequest(Map<String, String> traits, int[] classes) implements Serializable {

  /** Parses {@code Type=Value,...}; the form only (the values are checked by {@link #resolve}). */
  public static Map<String, String> parse(String text, String key) {
    Map<String, String> traits = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return traits;
    }
    for (String pair : text.split(",")) {
      int eq = pair.indexOf('=');
      String type = eq < 0 ? "" : pair.substring(0, eq).trim();
      String value = eq < 0 ? "" : pair.substring(eq + 1).trim();
      if (type.isEmpty() || value.isEmpty()) {
        throw new SettingsException("Setting '" + key + "' has '" + pair.trim() + "'; give Type=Value pairs separated"
            + " by commas, e.g. Background=Blue,Hat=Fez");
      }
      if (traits.put(type, value) != null) {
        throw new SettingsException("Setting '" + key + "' names trait type '" + type + "' twice");
      }
    }
    return traits;
  }

  /**
   * The request against the labels of {@code model} (a trait classifier's, or those a conditional
   * generator was trained on); an unknown type or value is refused, naming the valid ones. The
   * error starts with {@code where} (e.g. "Setting 'nftgen.generate.traits'").
   */
  public static TraitRequest resolve(Map<String, String> traits, TraitLabels labels, String where, String model) {
    int[] classes = new int[labels.types().size()];
    Arrays.fill(classes, -1);
    traits.forEach((type, value) -> {
      int t = labels.types().indexOf(type);
      if (t < 0) {
        throw new SettingsException(where + ": unknown trait type '" + type + "'; " + model + " knows "
            + labels.types());
      }
      int c = labels.values().get(type).indexOf(value);
      if (c < 0) {
        throw new SettingsException(where + ": trait " + type + " has no value '" + value + "' for "
            + model + "; its values are " + labels.values().get(type));
      }
      classes[t] = c;
    });
    return new TraitRequest(Map.copyOf(traits), classes);
  }

  /** Whether a prediction shows every requested trait. */
  public boolean matches(TraitClassifier.Prediction p) {
    for (int t = 0; t < classes.length; t++) {
      if (classes[t] >= 0 && p.classes()[t] != classes[t]) {
        return false;
      }
    }
    return true;
  }
}
