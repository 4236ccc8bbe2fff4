package org.nftgen.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nftgen.io.Json;

/**
 * The classes a trait classifier predicts: the trait types it learns, in a fixed order, and each
 * type's values (with {@link TraitVocabulary#NONE} for tokens without the type), each with its
 * count in the collection. A type with one value says nothing about an image and one with more
 * than {@code maxValues} values (a serial number, a free-text name) cannot be learnt from a few
 * thousand tokens; both are left out and listed.
 *
 * @param types the learnt trait types, in head order
 * @param values per type, its values in class order
 * @param counts per type, the collection's count of each value (class order)
 * @param skipped the types left out, each with why
 */
public record TraitLabels(List<String> types, Map<String, List<String>> values, Map<String, List<Integer>> counts,
    Map<String, String> skipped) implements Serializable {

  public TraitLabels {
    types = List.copyOf(types);
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
  }

  /** The labels of a collection's vocabulary. */
  public static TraitLabels of(TraitVocabulary vocabulary, int maxValues) {
    List<String> types = new ArrayList<>();
    Map<String, List<String>> values = new LinkedHashMap<>();
    Map<String, List<Integer>> counts = new LinkedHashMap<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    vocabulary.counts().forEach((type, byValue) -> {
      if (byValue.size() < 2) {
        skipped.put(type, "one value only");
      } else if (byValue.size() > maxValues) {
        skipped.put(type, byValue.size() + " values, more than max-values " + maxValues);
      } else {
        types.add(type);
        values.put(type, List.copyOf(byValue.keySet()));
        counts.put(type, List.copyOf(byValue.values()));
      }
    });
    return new TraitLabels(types, values, counts, skipped);
  }

  /**
   * The class of each type for an image's traits; -1 for a value the labels do not know, and for
   * every type of an image without metadata ({@code traits} null).
   */
  public int[] classes(Map<String, String> traits) {
    int[] out = new int[types.size()];
    if (traits == null) {
      java.util.Arrays.fill(out, -1);
      return out;
    }
    for (int t = 0; t < types.size(); t++) {
      String value = traits.getOrDefault(types.get(t), TraitVocabulary.NONE);
      out[t] = values.get(types.get(t)).indexOf(value);
    }
    return out;
  }

  public int classCount(int type) {
    return values.get(types.get(type)).size();
  }

  /** The share of the collection's tokens with {@code type}'s most common value: the baseline to beat. */
  public double majorityShare(int type) {
    List<Integer> c = counts.get(types.get(type));
    int total = c.stream().mapToInt(Integer::intValue).sum();
    return total == 0 ? 0 : c.stream().mapToInt(Integer::intValue).max().orElse(0) / (double) total;
  }

  public byte[] toJson() {
    ObjectNode json = Json.object();
    ObjectNode t = json.putObject("types");
    for (String type : types) {
      ObjectNode v = t.putObject(type);
      List<String> names = values.get(type);
      for (int i = 0; i < names.size(); i++) {
        v.put(names.get(i), counts.get(type).get(i));
      }
    }
    ObjectNode s = json.putObject("skipped");
    skipped.forEach(s::put);
    return Json.pretty(json).getBytes(StandardCharsets.UTF_8);
  }

  /** Reads {@link #toJson}'s output; an IllegalStateException for anything else. */
  public static TraitLabels fromJson(byte[] bytes) {
    try {
      JsonNode json = Json.mapper().readTree(bytes);
      List<String> types = new ArrayList<>();
      Map<String, List<String>> values = new LinkedHashMap<>();
      Map<String, List<Integer>> counts = new LinkedHashMap<>();
      json.path("types").fields().forEachRemaining(type -> {
        List<String> names = new ArrayList<>();
        List<Integer> c = new ArrayList<>();
        type.getValue().fields().forEachRemaining(v -> {
          names.add(v.getKey());
          c.add(v.getValue().asInt());
        });
        types.add(type.getKey());
        values.put(type.getKey(), names);
        counts.put(type.getKey(), c);
      });
      Map<String, String> skipped = new LinkedHashMap<>();
      json.path("skipped").fields().forEachRemaining(e -> skipped.put(e.getKey(), e.getValue().asText()));
      if (types.isEmpty()) {
        throw new IllegalStateException("the labels name no trait type");
      }
      return new TraitLabels(types, values, counts, skipped);
    } catch (IOException e) {
      throw new IllegalStateException("Unreadable trait labels: " + e.getMessage(), e);
    }
  }
}
