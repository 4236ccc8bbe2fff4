package org.nftgen.data;

import java.io.Serializable;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A collection's traits: every trait type, its values and how many tokens have each, over the
 * tokens that have metadata. The rarity of a value is its share of those tokens; a token without a
 * trait type counts as {@link #NONE} for it, so every type's counts sum to the token count.
 */
public record TraitVocabulary(int tokens, Map<String, Map<String, Integer>> counts) implements Serializable {
  /** The value of a trait type that a token does not have. */
  public static final String NONE = "(none)";

  public TraitVocabulary {
    Map<String, Map<String, Integer>> copy = new TreeMap<>();
    counts.forEach((type, values) -> copy.put(type, Collections.unmodifiableMap(new TreeMap<>(values))));
    counts = Collections.unmodifiableMap(copy);
  }

  /** The vocabulary of these tokens' traits. */
  public static TraitVocabulary of(Collection<Map<String, String>> tokens) {
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    for (Map<String, String> traits : tokens) {
      traits.forEach((type, value) -> counts.computeIfAbsent(type, t -> new TreeMap<>()).merge(value, 1, Integer::sum));
    }
    for (Map.Entry<String, Map<String, Integer>> type : counts.entrySet()) {
      int with = type.getValue().values().stream().mapToInt(Integer::intValue).sum();
      if (with < tokens.size()) {
        type.getValue().merge(NONE, tokens.size() - with, Integer::sum);
      }
    }
    return new TraitVocabulary(tokens.size(), counts);
  }

  /** The share of tokens with {@code value} for {@code type} (0 for a value never seen). */
  public double rarity(String type, String value) {
    Map<String, Integer> values = counts.get(type);
    return values == null || tokens == 0 ? 0 : values.getOrDefault(value, 0) / (double) tokens;
  }

  /** The vocabulary a prepared dataset's manifest records under {@code traits} (empty when it has none). */
  public static TraitVocabulary fromManifest(com.fasterxml.jackson.databind.JsonNode manifest) {
    com.fasterxml.jackson.databind.JsonNode traits = manifest.path(PreparedDataset.TRAITS);
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    traits.path("types").fields().forEachRemaining(type -> {
      Map<String, Integer> values = new TreeMap<>();
      type.getValue().fields().forEachRemaining(v -> values.put(v.getKey(), v.getValue().path("count").asInt()));
      counts.put(type.getKey(), values);
    });
    return new TraitVocabulary(traits.path("tokens").asInt(), counts);
  }
}
