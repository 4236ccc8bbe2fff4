package org.nftgen.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nftgen.io.Json;

/**
 * What {@code prepare} makes of a collection's metadata once every file is parsed: the traits of
 * each kept image, the collection's trait vocabulary over them, and an account of every entry
 * (matched, repeated, describing an image that was itself rejected, or refused with a reason).
 *
 * @param files metadata files read
 * @param entries tokens they held, parsed or refused
 * @param traitsByKeeper the traits of each kept image that has metadata, by its source path
 * @param vocabulary trait types and value counts over those images
 * @param refused entries refused, with their reasons
 * @param repeats entries that repeated an image's traits
 * @param describingRejectedImages entries matched to an image that prepare rejected (e.g. a duplicate)
 * @param keepersWithout kept images with no metadata
 */
public record MetadataIngest(int files, int entries, Map<String, Map<String, String>> traitsByKeeper,
    TraitVocabulary vocabulary, List<TokenTraits.Parsed> refused, int repeats, int describingRejectedImages,
    int keepersWithout) {

  /**
   * @param files how many metadata files {@code parsed} came from
   * @param imageSources every file that prepare tried as an image, accepted or not
   * @param keeperSources the images kept
   */
  public static MetadataIngest of(int files, List<TokenTraits.Parsed> parsed, Collection<String> imageSources,
      List<String> keeperSources) {
    List<TokenTraits> tokens = new ArrayList<>();
    List<TokenTraits.Parsed> refused = new ArrayList<>();
    for (TokenTraits.Parsed p : parsed) {
      if (p.ok()) {
        tokens.add(p.token());
      } else {
        refused.add(p);
      }
    }
    TraitMatcher.Result matched = TraitMatcher.match(new ArrayList<>(imageSources), tokens);
    refused.addAll(matched.refused());
    Map<String, Map<String, String>> traits = new LinkedHashMap<>();
    for (String keeper : keeperSources) {
      Map<String, String> t = matched.traitsByImage().get(keeper);
      if (t != null) {
        traits.put(keeper, t);
      }
    }
    return new MetadataIngest(files, parsed.size(), traits, TraitVocabulary.of(traits.values()), refused,
        matched.repeats(), matched.traitsByImage().size() - traits.size(), keeperSources.size() - traits.size());
  }

  /** The share of entries refused (0 when there are none). */
  public double refusedFraction() {
    return entries == 0 ? 0 : refused.size() / (double) entries;
  }

  public Map<String, Long> refusedByReason() {
    Map<String, Long> counts = new TreeMap<>();
    refused.forEach(p -> counts.merge(p.problem().label(), 1L, Long::sum));
    return counts;
  }

  /** The manifest's {@code metadata} section: the account of every entry. */
  public ObjectNode toJson() {
    ObjectNode m = Json.object();
    m.put("files", files);
    m.put("entries", entries);
    m.put("imagesWithMetadata", traitsByKeeper.size());
    m.put("imagesWithoutMetadata", keepersWithout);
    m.put("repeats", repeats);
    m.put("describingRejectedImages", describingRejectedImages);
    m.put("refused", refused.size());
    m.put("refusedFraction", Math.round(refusedFraction() * 1000) / 1000.0);
    ObjectNode reasons = m.putObject("refusedByReason");
    refusedByReason().forEach(reasons::put);
    ArrayNode list = m.putArray("refusedEntries");
    refused.forEach(p -> list.addObject().put("source", p.source())
        .put("reason", p.problem().label()).put("detail", p.detail()));
    return m;
  }

  /** The manifest's {@code traits} section: per type, per value its count and rarity. */
  public ObjectNode vocabularyJson() {
    ObjectNode t = Json.object();
    t.put("tokens", vocabulary.tokens());
    ObjectNode types = t.putObject("types");
    vocabulary.counts().forEach((type, values) -> {
      ObjectNode v = types.putObject(type);
      values.forEach((value, count) -> v.putObject(value).put("count", count)
          .put("rarity", Math.round(vocabulary.rarity(type, value) * 1e6) / 1e6));
    });
    return t;
  }
}
