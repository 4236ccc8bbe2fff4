package org.nftgen.synth;

import java.io.Serializable;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One trait type of a collection (Background, Eyes, ...) with its values and their rarity
 * weights. A value's chance is its weight over the sum of the type's weights.
 */
public record Trait(String type, List<Value> values) implements Serializable {

  /** A trait value: its name, its rarity weight and the colour it is drawn with, if any. */
  public record Value(String name, int weight, int rgb) implements Serializable {}

  public Trait {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("trait " + type + " has no values");
    }
    values = List.copyOf(values);
  }

  public static Value value(String name, int weight) {
    return new Value(name, weight, 0);
  }

  public static Value value(String name, int weight, int rgb) {
    return new Value(name, weight, rgb);
  }

  public int totalWeight() {
    return values.stream().mapToInt(Value::weight).sum();
  }

  /** Draws one value with probability proportional to its weight. */
  public Value pick(SplittableRandom random) {
    int ticket = random.nextInt(totalWeight());
    for (Value v : values) {
      ticket -= v.weight();
      if (ticket < 0) {
        return v;
      }
    }
    throw new AssertionError("weights changed during pick");
  }

  public Value named(String name) {
    return values.stream().filter(v -> v.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("trait " + type + " has no value " + name));
  }
}
