package org.nftgen.synth;

import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which traits every token of a collection gets. Like real collections, no two tokens share all
 * their traits: token {@code i} takes its first draw whose combination no token before it has, so
 * it depends on (seed, style, i) alone and never on how many tokens follow. Planned on the driver
 * (a few microseconds a token); executors then draw any token independently.
 */
public final class CollectionPlan implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Re-draws allowed per token before the style is declared too small for the count. */
  static final int MAX_ATTEMPTS = 1000;

  private final String styleName;
  private final long seed;
  private final long count;
  // Only tokens whose first draw clashed are stored: a few percent of a 10,000 collection.
  private final Map<Long, Integer> redraws;

  private CollectionPlan(String styleName, long seed, long count, Map<Long, Integer> redraws) {
    this.styleName = styleName;
    this.seed = seed;
    this.count = count;
    this.redraws = redraws;
  }

  public static CollectionPlan of(CollectionStyle style, long seed, long count) {
    Set<List<String>> seen = new HashSet<>();
    Map<Long, Integer> redraws = new HashMap<>();
    for (long id = 0; id < count; id++) {
      int attempt = 0;
      while (!seen.add(traitNames(style.roll(seed, id, attempt)))) {
        if (++attempt >= MAX_ATTEMPTS) {
          throw new IllegalArgumentException("Style " + style.name() + " cannot draw " + count
              + " tokens with distinct traits (token " + id + " found no unused combination)");
        }
      }
      if (attempt > 0) {
        redraws.put(id, attempt);
      }
    }
    return new CollectionPlan(style.name(), seed, count, redraws);
  }

  public Token token(long id) {
    if (id < 0 || id >= count) {
      throw new IndexOutOfBoundsException("token " + id + " of " + count);
    }
    return CollectionStyle.named(styleName).roll(seed, id, redraws.getOrDefault(id, 0));
  }

  public long count() {
    return count;
  }

  /** How many tokens had to be re-drawn to keep every combination unique. */
  public int redrawn() {
    return redraws.size();
  }

  private static List<String> traitNames(Token token) {
    return token.traits().values().stream().map(Trait.Value::name).toList();
  }
}
