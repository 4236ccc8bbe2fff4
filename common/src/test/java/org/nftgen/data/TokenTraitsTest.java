package org.nftgen.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nftgen.io.Json;
import org.nftgen.synth.CollectionPlan;
import org.nftgen.synth.CollectionStyle;

/** Reading a collection's ERC-721 metadata: the good, every bad kind with its reason, and matching to images. */
class TokenTraitsTest {
  private static final TokenTraits.Limits LIMITS = new TokenTraits.Limits(1 << 20, 128);

  private static TokenTraits.Parsed parse(String json) {
    List<TokenTraits.Parsed> all = parseAll("metadata/x.json", json);
    assertEquals(1, all.size(), all.toString());
    return all.get(0);
  }

  private static List<TokenTraits.Parsed> parseAll(String source, String text) {
    return MetadataFiles.parse(source, text.getBytes(StandardCharsets.UTF_8), LIMITS);
  }

  @Test
  void readsTheTraitsImageAndId() {
    TokenTraits.Parsed p = parse("{\"name\": \"Ape #7\", \"image\": \"images/7.png\", \"edition\": 7, \"attributes\": ["
        + "{\"trait_type\": \"Background\", \"value\": \" Blue \"}, {\"trait_type\": \"Level\", \"value\": 3},"
        + "{\"value\": \"untyped\"}, {\"trait_type\": \"Background\", \"value\": \"Red\"}]}");
    assertTrue(p.ok(), String.valueOf(p));
    assertEquals("images/7.png", p.token().image());
    assertEquals("7", p.token().tokenId());
    // Trimmed, numbers as text, the untyped property skipped, a repeated type keeps its first value.
    assertEquals(Map.of("Background", "Blue", "Level", "3"), p.token().traits());
    // No attributes at all is a token without traits, not an error.
    assertEquals(Map.of(), parse("{\"image\": \"a.png\"}").token().traits());
  }

  /** Every bad kind, each with its exact reason. */
  @Test
  void badMetadataIsRefusedWithItsReason() {
    assertEquals(TokenTraits.Problem.MALFORMED, parse("{\"attributes\": [").problem());
    assertEquals(TokenTraits.Problem.NOT_AN_OBJECT, parse("\"text\"").problem());
    assertEquals(List.of(TokenTraits.Problem.NOT_AN_OBJECT, TokenTraits.Problem.NOT_AN_OBJECT),
        parseAll("json/_metadata.json", "[1, 2]").stream().map(TokenTraits.Parsed::problem).toList());
    assertEquals(TokenTraits.Problem.ATTRIBUTES_NOT_A_LIST, parse("{\"attributes\": {\"Hat\": \"Fez\"}}").problem());
    assertEquals(TokenTraits.Problem.BAD_ATTRIBUTE, parse("{\"attributes\": [\"Fez\"]}").problem());
    assertEquals(TokenTraits.Problem.BAD_ATTRIBUTE,
        parse("{\"attributes\": [{\"trait_type\": \"Hat\", \"value\": {\"a\": 1}}]}").problem());
    assertEquals(TokenTraits.Problem.BAD_ATTRIBUTE,
        parse("{\"attributes\": [{\"trait_type\": \" \", \"value\": \"Fez\"}]}").problem());
    String longValue = "x".repeat(LIMITS.maxValueLength() + 1);
    TokenTraits.Parsed tooLong = parse("{\"attributes\": [{\"trait_type\": \"Hat\", \"value\": \"" + longValue + "\"}]}");
    assertEquals(TokenTraits.Problem.VALUE_TOO_LONG, tooLong.problem());
    assertNull(tooLong.token());
    byte[] huge = new byte[(int) LIMITS.maxBytes() + 1];
    assertEquals(TokenTraits.Problem.TOO_LARGE, MetadataFiles.parse("metadata/huge.json", huge, LIMITS).get(0).problem());
    assertEquals(TokenTraits.Problem.TOO_LARGE, MetadataFiles.parse("traits.csv", huge, LIMITS).get(0).problem());
    assertEquals("metadata-attributes-not-a-list", TokenTraits.Problem.ATTRIBUTES_NOT_A_LIST.label());
  }

  /** Images are found by the image field, by token id, or by the metadata file's name; the rest is refused. */
  @Test
  void metadataIsMatchedToImages() {
    List<String> images = List.of("images/1.png", "images/2.png", "images/3.png", "extra/4.png", "other/4.png");
    List<TokenTraits> tokens = List.of(
        new TokenTraits("metadata/a.json", "images/1.png", null, Map.of("Hat", "Fez")),
        new TokenTraits("metadata/b.json", "ipfs://bafy/2.png?x=1", null, Map.of("Hat", "Cap")),
        new TokenTraits("metadata/c.json", null, "3", Map.of("Hat", "Fez")),
        new TokenTraits("metadata/3.json", null, null, Map.of("Hat", "Top")),
        new TokenTraits("metadata/4.json", null, null, Map.of("Hat", "Top")),
        new TokenTraits("metadata/9.json", "images/9.png", "9", Map.of()));
    TraitMatcher.Result r = TraitMatcher.match(images, tokens);
    assertEquals(Map.of("images/1.png", Map.of("Hat", "Fez"), "images/2.png", Map.of("Hat", "Cap"),
        "images/3.png", Map.of("Hat", "Top")), r.traitsByImage());
    // metadata/3.json (by its name) came first in path order; c.json's token 3 is then a duplicate.
    // 4.json names two images of the same name: ambiguous, so none; 9.json's image does not exist.
    List<String> reasons = new ArrayList<>();
    r.refused().forEach(p -> reasons.add(p.problem().label() + " " + p.detail().substring(0, p.detail().indexOf(':'))));
    assertEquals(List.of("metadata-without-image metadata/4.json", "metadata-without-image metadata/9.json",
        "metadata-duplicate metadata/c.json"), reasons);
    assertEquals(2, r.imagesWithoutMetadata());
  }

  /** The layout the embedded collections write matches with no flags, and gives a vocabulary with rarities. */
  @Test
  void theEmbeddedCollectionsMetadataMatchesAndCounts() {
    CollectionStyle style = CollectionStyle.named("apes");
    CollectionPlan plan = CollectionPlan.of(style, 7, 40);
    List<String> images = new ArrayList<>();
    List<TokenTraits> tokens = new ArrayList<>();
    for (long id = 0; id < 40; id++) {
      images.add("images/" + id + ".png");
      String json = Json.pretty(org.nftgen.synth.TokenMetadata.of(style, plan.token(id), "images/" + id + ".png"));
      TokenTraits.Parsed p = parseAll("metadata/" + id + ".json", json).get(0);
      assertTrue(p.ok(), String.valueOf(p));
      tokens.add(p.token());
    }
    TraitMatcher.Result r = TraitMatcher.match(images, tokens);
    assertEquals(40, r.traitsByImage().size());
    assertEquals(0, r.imagesWithoutMetadata());
    assertTrue(r.refused().isEmpty());
    TraitVocabulary v = TraitVocabulary.of(r.traitsByImage().values());
    assertEquals(40, v.tokens());
    assertTrue(v.counts().containsKey("Background"), v.counts().keySet().toString());
    for (Map.Entry<String, Map<String, Integer>> type : v.counts().entrySet()) {
      assertEquals(40, type.getValue().values().stream().mapToInt(Integer::intValue).sum(), type.getKey());
    }
    String value = v.counts().get("Background").keySet().iterator().next();
    assertEquals(v.counts().get("Background").get(value) / 40.0, v.rarity("Background", value), 1e-12);
  }

  /** A whole collection in one file: a list of tokens, a map of id to token or attributes, a CSV table. */
  @Test
  void collectionFilesGiveOneEntryPerToken() {
    List<TokenTraits.Parsed> list = parseAll("json/_metadata.json", "[{\"edition\": 1, \"attributes\": "
        + "[{\"trait_type\": \"Hat\", \"value\": \"Fez\"}]}, {\"edition\": 2, \"attributes\": 5}]");
    assertEquals("json/_metadata.json#0", list.get(0).source());
    assertEquals("1", list.get(0).token().tokenId());
    assertEquals(Map.of("Hat", "Fez"), list.get(0).token().traits());
    assertEquals(TokenTraits.Problem.ATTRIBUTES_NOT_A_LIST, list.get(1).problem());
    assertEquals("json/_metadata.json#1", list.get(1).source());

    List<TokenTraits.Parsed> byId = parseAll("all.json", "{\"7\": [{\"trait_type\": \"Hat\", \"value\": \"Cap\"}],"
        + " \"8\": {\"image\": \"images/8.png\", \"attributes\": []}}");
    assertEquals(2, byId.size());
    assertEquals("7", byId.get(0).token().tokenId());
    assertEquals(Map.of("Hat", "Cap"), byId.get(0).token().traits());
    assertEquals("images/8.png", byId.get(1).token().image());
    assertEquals("8", byId.get(1).token().tokenId());

    List<TokenTraits.Parsed> csv = parseAll("traits.csv", "Token_ID, Background ,Hat\n1,Blue,Fez\n\n2,Red,\n"
        + "3,\"Gold, shiny\",Cap\n4,a,b,c\n5," + "y".repeat(129) + ",Cap\n");
    assertEquals(5, csv.size());
    assertEquals("traits.csv#2", csv.get(0).source());
    assertEquals("1", csv.get(0).token().tokenId());
    assertEquals(Map.of("Background", "Blue", "Hat", "Fez"), csv.get(0).token().traits());
    assertEquals(Map.of("Background", "Red"), csv.get(1).token().traits(), "an empty cell is no trait");
    assertEquals(Map.of("Background", "Gold, shiny", "Hat", "Cap"), csv.get(2).token().traits());
    assertEquals(TokenTraits.Problem.BAD_ATTRIBUTE, csv.get(3).problem());
    assertEquals(TokenTraits.Problem.VALUE_TOO_LONG, csv.get(4).problem());
    assertEquals(TokenTraits.Problem.MALFORMED, parseAll("t.csv", "Background,Hat\nBlue,Fez\n").get(0).problem(),
        "a table without an id or image column cannot be matched");
    assertEquals(TokenTraits.Problem.MALFORMED, parseAll("t.csv", "").get(0).problem());
  }

  /** Repeating an image's traits (a collection list beside per-token files) is harmless; contradicting them is not. */
  @Test
  void repeatsAreCountedAndContradictionsRefused() {
    List<TokenTraits> tokens = List.of(
        new TokenTraits("json/1.json", null, "1", Map.of("Hat", "Fez")),
        new TokenTraits("json/_metadata.json#0", null, "1", Map.of("Hat", "Fez")),
        new TokenTraits("json/_metadata.json#1", null, "2", Map.of("Hat", "Cap")),
        new TokenTraits("json/2.json", null, "2", Map.of("Hat", "Top")));
    TraitMatcher.Result r = TraitMatcher.match(List.of("images/1.png", "images/2.png"), tokens);
    assertEquals(1, r.repeats());
    assertEquals(Map.of("images/1.png", Map.of("Hat", "Fez"), "images/2.png", Map.of("Hat", "Top")),
        r.traitsByImage());
    assertEquals(1, r.refused().size());
    assertEquals("json/_metadata.json#1", r.refused().get(0).source());
    assertEquals(TokenTraits.Problem.DUPLICATE, r.refused().get(0).problem());
  }

  @Test
  void aTokenWithoutATraitCountsAsNone() {
    TraitVocabulary v = TraitVocabulary.of(List.of(Map.of("Hat", "Fez"), Map.of("Hat", "Fez"), Map.of()));
    assertEquals(Map.of("Fez", 2, TraitVocabulary.NONE, 1), v.counts().get("Hat"));
    assertEquals(1 / 3.0, v.rarity("Hat", TraitVocabulary.NONE), 1e-12);
    assertEquals(0.0, v.rarity("Hat", "Crown"));
  }
}
