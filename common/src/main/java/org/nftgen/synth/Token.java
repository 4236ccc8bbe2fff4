package org.nftgen.synth;

import java.util.LinkedHashMap;
import java.util.Map;

/** A drawn token: its id and the value chosen for each trait type, in layer order. */
public record Token(long id, Map<String, Trait.Value> traits) {
  public Token {
    traits = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(traits));
  }

  public Trait.Value trait(String type) {
    Trait.Value v = traits.get(type);
    if (v == null) {
      throw new IllegalArgumentException("token " + id + " has no trait " + type);
    }
    return v;
  }

  public boolean has(String type, String value) {
    return trait(type).name().equals(value);
  }
}
