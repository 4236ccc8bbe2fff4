package org.nftgen.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nftgen.io.Json;

/**
 * One token's ERC-721 metadata as {@code prepare} reads it from a collection: the image it names,
 * its id when it has one, and its traits ({@code attributes: [{trait_type, value}]}), or why it was
 * refused. Metadata files come from whoever published the collection, so nothing in them is
 * trusted: a file over {@link Limits#maxBytes}, malformed JSON, {@code attributes} that is not a
 * list or an attribute that is not a {trait_type, value} object, and a value over
 * {@link Limits#maxValueLength} characters each refuse the token with a reason, as a bad image is
 * refused; none of them stops a run on its own.
 *
 * <p>Values are kept as text (numbers as JSON writes them), trimmed; an attribute without a
 * {@code trait_type} (a marketplace's untyped "property") is skipped, and a trait type given twice
 * keeps its first value.
 */
public record TokenTraits(String source, String image, String tokenId, Map<String, String> traits)
    implements Serializable {

  /** Longest image field or cell kept: a URI, not a data: payload. */
  static final int MAX_IMAGE_LENGTH = 4096;

  /** How much of a metadata file is read ({@code nftgen.prepare.metadata}). */
  public record Limits(long maxBytes, int maxValueLength) implements Serializable {}

  /** Why a metadata file gave no usable token. The labels appear in manifests. */
  public enum Problem {
    TOO_LARGE("metadata-too-large"),
    UNREADABLE("metadata-unreadable"),
    MALFORMED("metadata-malformed"),
    NOT_AN_OBJECT("metadata-not-an-object"),
    ATTRIBUTES_NOT_A_LIST("metadata-attributes-not-a-list"),
    BAD_ATTRIBUTE("metadata-bad-attribute"),
    VALUE_TOO_LONG("metadata-value-too-long"),
    /** Metadata whose image is not among the collection's images. */
    NO_IMAGE("metadata-without-image"),
    /** Metadata of an image that earlier metadata (in path order) already gave other traits. */
    DUPLICATE("metadata-duplicate");

    private final String label;

    Problem(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** A metadata entry and what became of it: a token, or a problem with a detail. */
  public record Parsed(String source, TokenTraits token, Problem problem, String detail) implements Serializable {
    public boolean ok() {
      return token != null;
    }

    public static Parsed refused(String source, Problem problem, String detail) {
      return new Parsed(source, null, problem, detail);
    }
  }

  public TokenTraits {
    traits = Collections.unmodifiableMap(new LinkedHashMap<>(traits));
  }

  /**
   * Parses one JSON metadata file at {@code source} (its path below the collection root): a token
   * object gives one entry; an array of token objects, or an object of token id to token object
   * (or to its attribute list), as layer engines write a whole collection, gives one per token,
   * with sources {@code file#n} or {@code file#id}.
   */
  public static List<Parsed> parseFile(String source, byte[] bytes, Limits limits) {
    if (bytes.length > limits.maxBytes()) {
      return List.of(Parsed.refused(source, Problem.TOO_LARGE, bytes.length + " bytes, more than " + limits.maxBytes()));
    }
    JsonNode json;
    try {
      json = Json.mapper().readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      return List.of(Parsed.refused(source, Problem.MALFORMED, e.getOriginalMessage()));
    }
    List<Parsed> out = new ArrayList<>();
    if (json != null && json.isArray()) {
      for (int i = 0; i < json.size(); i++) {
        out.add(fromJson(source + "#" + i, json.get(i), null, limits));
      }
    } else if (json != null && json.isObject() && isIdMap(json)) {
      json.fields().forEachRemaining(e -> {
        JsonNode token = e.getValue().isArray() ? Json.object().set("attributes", e.getValue()) : e.getValue();
        out.add(fromJson(source + "#" + e.getKey(), token, e.getKey(), limits));
      });
    } else {
      out.add(fromJson(source, json, null, limits));
    }
    return out;
  }

  /** One token object; {@code id} is the token id its container gave it (null: none). */
  public static Parsed fromJson(String source, JsonNode json, String id, Limits limits) {
    if (json == null || !json.isObject()) {
      return Parsed.refused(source, Problem.NOT_AN_OBJECT,
          "the entry holds " + (json == null ? "nothing" : json.getNodeType()));
    }
    JsonNode attributes = json.path("attributes");
    Map<String, String> traits = new LinkedHashMap<>();
    if (!attributes.isMissingNode() && !attributes.isNull()) {
      if (!attributes.isArray()) {
        return Parsed.refused(source, Problem.ATTRIBUTES_NOT_A_LIST, "attributes is " + attributes.getNodeType());
      }
      for (int i = 0; i < attributes.size(); i++) {
        JsonNode a = attributes.get(i);
        if (!a.isObject() || !a.path("value").isValueNode() || a.path("value").isNull()) {
          return Parsed.refused(source, Problem.BAD_ATTRIBUTE, "attribute " + i + " is not a {trait_type, value} object");
        }
        JsonNode type = a.path("trait_type");
        if (type.isMissingNode() || type.isNull()) {
          continue; // an untyped property: shown by marketplaces, no trait to learn
        }
        if (!type.isValueNode()) {
          return Parsed.refused(source, Problem.BAD_ATTRIBUTE, "attribute " + i + " has a trait_type that is not text");
        }
        Parsed refused = addTrait(source, traits, "attribute " + i, type.asText(), a.path("value").asText(), limits);
        if (refused != null) {
          return refused;
        }
      }
    }
    String image = text(json.path("image"));
    String tokenId = text(json.has("edition") ? json.get("edition") : json.path("id"));
    if (image != null && image.length() > MAX_IMAGE_LENGTH) {
      return Parsed.refused(source, Problem.VALUE_TOO_LONG, "the image field is longer than " + MAX_IMAGE_LENGTH
          + " characters");
    }
    return new Parsed(source, new TokenTraits(source, image, tokenId != null ? tokenId : id, traits), null, null);
  }

  /** Adds one trait after the checks every source of traits shares; a refusal, or null when kept. */
  static Parsed addTrait(String source, Map<String, String> traits, String where, String type, String value,
      Limits limits) {
    String name = type.trim();
    String text = value.trim();
    if (name.length() > limits.maxValueLength() || text.length() > limits.maxValueLength()) {
      return Parsed.refused(source, Problem.VALUE_TOO_LONG, where + " is longer than " + limits.maxValueLength()
          + " characters");
    }
    if (name.isEmpty()) {
      return Parsed.refused(source, Problem.BAD_ATTRIBUTE, where + " has an empty trait_type");
    }
    traits.putIfAbsent(name, text);
    return null;
  }

  /**
   * An object is a map of token id to token when it has none of a token's own fields and every
   * value is an object or an attribute list.
   */
  private static boolean isIdMap(JsonNode json) {
    if (json.size() == 0) {
      return false;
    }
    for (String field : List.of("name", "image", "attributes", "edition", "id", "description")) {
      if (json.has(field)) {
        return false;
      }
    }
    for (JsonNode value : json) {
      if (!value.isObject() && !value.isArray()) {
        return false;
      }
    }
    return true;
  }

  static String text(JsonNode node) {
    return node.isValueNode() && !node.isNull() && !node.asText().isBlank() ? node.asText().trim() : null;
  }
}
