package org.nftgen.traits;

import org.nftgen.data.TraitLabels;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nftgen.data.TraitVocabulary;
import org.nftgen.io.Json;

/**
 * The traits of a generated batch taken together: each trait type's value shares in the batch
 * against the collection's (and their total variation distance: half the sum of absolute
 * differences, 0 = the same rarities, 1 = disjoint), and each token's rarity score and rank
 * within the batch. The score is the sum over trait types of 1 / (share of the batch with the
 * token's value), the rarity-tools convention that marketplaces show; rank 1 is the rarest, ties go
 * to the lower index, so the ranking is deterministic.
 */
public final class BatchTraits {
  private final TraitLabels labels;
  private final List<Map<String, String>> tokens;
  private final Map<String, Map<String, Integer>> counts = new TreeMap<>();

  /** @param tokens each token's traits by index (a type it lacks counts as {@link TraitVocabulary#NONE}) */
  public BatchTraits(TraitLabels labels, List<Map<String, String>> tokens) {
    this.labels = labels;
    this.tokens = tokens;
    for (String type : labels.types()) {
      Map<String, Integer> c = new TreeMap<>();
      for (Map<String, String> t : tokens) {
        c.merge(t.getOrDefault(type, TraitVocabulary.NONE), 1, Integer::sum);
      }
      counts.put(type, c);
    }
  }

  /** Token {@code i}'s rarity score. */
  public double score(int i) {
    double score = 0;
    for (String type : labels.types()) {
      score += tokens.size() / (double) counts.get(type).get(tokens.get(i).getOrDefault(type, TraitVocabulary.NONE));
    }
    return score;
  }

  /** Every token's rank (1 = rarest), by index. */
  public int[] ranks() {
    List<Integer> order = new ArrayList<>();
    double[] scores = new double[tokens.size()];
    for (int i = 0; i < tokens.size(); i++) {
      order.add(i);
      scores[i] = score(i);
    }
    order.sort(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i));
    int[] ranks = new int[tokens.size()];
    for (int r = 0; r < order.size(); r++) {
      ranks[order.get(r)] = r + 1;
    }
    return ranks;
  }

  /** Total variation distance between the batch's and the collection's shares of {@code type}'s values. */
  public double tvd(String type) {
    Map<String, Double> collection = collectionShares(type);
    Map<String, Integer> batch = counts.get(type);
    Map<String, Double> all = new HashMap<>(collection);
    batch.keySet().forEach(v -> all.putIfAbsent(v, 0.0));
    double sum = 0;
    for (String value : all.keySet()) {
      sum += Math.abs(batch.getOrDefault(value, 0) / (double) tokens.size() - collection.getOrDefault(value, 0.0));
    }
    return sum / 2;
  }

  private Map<String, Double> collectionShares(String type) {
    List<String> values = labels.values().get(type);
    List<Integer> c = labels.counts().get(type);
    double total = c.stream().mapToInt(Integer::intValue).sum();
    Map<String, Double> shares = new TreeMap<>();
    for (int i = 0; i < values.size(); i++) {
      shares.put(values.get(i), c.get(i) / total);
    }
    return shares;
  }

  /** The manifest's {@code traits.types}: per type, the batch's and the collection's shares and their TVD. */
  public ObjectNode toJson() {
    ObjectNode out = Json.object();
    for (String type : labels.types()) {
      ObjectNode t = out.putObject(type);
      t.put("tvd", Math.round(tvd(type) * 10000) / 10000.0);
      ObjectNode batch = t.putObject("batch");
      counts.get(type).forEach((v, n) -> batch.put(v, Math.round(n * 1e6 / tokens.size()) / 1e6));
      ObjectNode collection = t.putObject("collection");
      collectionShares(type).forEach((v, share) -> collection.put(v, Math.round(share * 1e6) / 1e6));
    }
    return out;
  }
}
