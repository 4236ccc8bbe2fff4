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
  private static TokenTraits.Parsed parse(String json) {
    return TokenTraits.parse("metadata/x.json", json.getBytes(StandardCharsets.UTF_8));
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
    assertEquals(TokenTraits.Problem.NOT_AN_OBJECT, parse("[1, 2]").problem());
    assertEquals(TokenTraits.Problem.ATTRIBUTES_NOT_A_LIST, parse("{\"attributes\": {\"Hat\": \"Fez\"}}").problem());
    assertEquals(TokenTraits.Problem.BAD_ATTRIBUTE, parse("{\"attributes\": [\"Fez\"]}").problem());
    assertEquals(TokenTraits.Problem.BAD_ATTRIBUTE,
        parse("{\"attributes\": [{\"trait_type\": \"Hat\", \"value\": {\"a\": 1}}]}").problem());
    assertEquals(TokenTraits.Problem.BAD_ATTRIBUTE,
        parse("{\"attributes\": [{\"trait_type\": \" \", \"value\": \"Fez\"}]}").problem());
    String longValue = "x".repeat(TokenTraits.MAX_VALUE_LENGTH + 1);
    TokenTraits.Parsed tooLong = parse("{\"attributes\": [{\"trait_type\": \"Hat\", \"value\": \"" + longValue + "\"}]}");
    assertEquals(TokenTraits.Problem.VALUE_TOO_LONG, tooLong.problem());
    assertNull(tooLong.token());
    byte[] huge = new byte[TokenTraits.MAX_BYTES + 1];
    assertEquals(TokenTraits.Problem.TOO_LARGE, TokenTraits.parse("metadata/huge.json", huge).problem());
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
      TokenTraits.Parsed p = TokenTraits.parse("metadata/" + id + ".json", json.getBytes(StandardCharsets.UTF_8));
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

  @Test
  void aTokenWithoutATraitCountsAsNone() {
    TraitVocabulary v = TraitVocabulary.of(List.of(Map.of("Hat", "Fez"), Map.of("Hat", "Fez"), Map.of()));
    assertEquals(Map.of("Fez", 2, TraitVocabulary.NONE, 1), v.counts().get("Hat"));
    assertEquals(1 / 3.0, v.rarity("Hat", TraitVocabulary.NONE), 1e-12);
    assertEquals(0.0, v.rarity("Hat", "Crown"));
  }
}
