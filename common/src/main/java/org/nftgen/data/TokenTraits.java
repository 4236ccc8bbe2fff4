package org.nftgen.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nftgen.io.Json;

/**
 * One token's ERC-721 metadata as {@code prepare} reads it from a collection: the image it names,
 * its id when it has one, and its traits ({@code attributes: [{trait_type, value}]}), or why it was
 * refused. Metadata files come from whoever published the collection, so nothing in them is
 * trusted: a file over {@link #MAX_BYTES}, malformed JSON, {@code attributes} that is not a list
 * or an attribute that is not a {trait_type, value} object, and a value over
 * {@link #MAX_VALUE_LENGTH} characters each refuse the token with a reason, as a bad image is
 * refused; none of them stops a run on its own.
 *
 * <p>Values are kept as text (numbers as JSON writes them), trimmed; an attribute without a
 * {@code trait_type} (a marketplace's untyped "property") is skipped, and a trait type given twice
 * keeps its first value.
 */
public record TokenTraits(String source, String image, String tokenId, Map<String, String> traits)
    implements Serializable {

  /** Largest metadata file read: real ones are a few kilobytes. */
  public static final int MAX_BYTES = 1 << 20;
  /** Longest trait type or value kept. */
  public static final int MAX_VALUE_LENGTH = 128;

  /** Why a metadata file gave no usable token. The labels appear in manifests. */
  public enum Problem {
    TOO_LARGE("metadata-too-large"),
    MALFORMED("metadata-malformed"),
    NOT_AN_OBJECT("metadata-not-an-object"),
    ATTRIBUTES_NOT_A_LIST("metadata-attributes-not-a-list"),
    BAD_ATTRIBUTE("metadata-bad-attribute"),
    VALUE_TOO_LONG("metadata-value-too-long"),
    /** Metadata whose image is not among the collection's images. */
    NO_IMAGE("metadata-without-image"),
    /** Metadata of an image that earlier metadata (in path order) already described. */
    DUPLICATE("metadata-duplicate");

    private final String label;

    Problem(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** A metadata file and what became of it: a token, or a problem with a detail. */
  public record Parsed(TokenTraits token, Problem problem, String detail) implements Serializable {
    public boolean ok() {
      return token != null;
    }
  }

  public TokenTraits {
    traits = Collections.unmodifiableMap(new LinkedHashMap<>(traits));
  }

  /** Parses the metadata file at {@code source} (its path below the collection root). */
  public static Parsed parse(String source, byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      return refused(Problem.TOO_LARGE, bytes.length + " bytes, more than " + MAX_BYTES);
    }
    JsonNode json;
    try {
      json = Json.mapper().readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      return refused(Problem.MALFORMED, e.getOriginalMessage());
    }
    if (json == null || !json.isObject()) {
      return refused(Problem.NOT_AN_OBJECT, "the file holds " + (json == null ? "nothing" : json.getNodeType()));
    }
    JsonNode attributes = json.path("attributes");
    Map<String, String> traits = new LinkedHashMap<>();
    if (!attributes.isMissingNode() && !attributes.isNull()) {
      if (!attributes.isArray()) {
        return refused(Problem.ATTRIBUTES_NOT_A_LIST, "attributes is " + attributes.getNodeType());
      }
      for (int i = 0; i < attributes.size(); i++) {
        JsonNode a = attributes.get(i);
        if (!a.isObject() || !a.path("value").isValueNode() || a.path("value").isNull()) {
          return refused(Problem.BAD_ATTRIBUTE, "attribute " + i + " is not a {trait_type, value} object");
        }
        JsonNode type = a.path("trait_type");
        if (type.isMissingNode() || type.isNull()) {
          continue; // an untyped property: shown by marketplaces, no trait to learn
        }
        if (!type.isValueNode()) {
          return refused(Problem.BAD_ATTRIBUTE, "attribute " + i + " has a trait_type that is not text");
        }
        String name = type.asText().trim();
        String value = a.path("value").asText().trim();
        if (name.length() > MAX_VALUE_LENGTH || value.length() > MAX_VALUE_LENGTH) {
          return refused(Problem.VALUE_TOO_LONG, "attribute " + i + " is longer than " + MAX_VALUE_LENGTH
              + " characters");
        }
        if (name.isEmpty()) {
          return refused(Problem.BAD_ATTRIBUTE, "attribute " + i + " has an empty trait_type");
        }
        traits.putIfAbsent(name, value);
      }
    }
    String image = text(json.path("image"));
    String id = text(json.has("edition") ? json.get("edition") : json.path("id"));
    if (image != null && image.length() > 4096) {
      return refused(Problem.VALUE_TOO_LONG, "the image field is longer than 4096 characters");
    }
    return new Parsed(new TokenTraits(source, image, id, traits), null, null);
  }

  private static Parsed refused(Problem problem, String detail) {
    return new Parsed(null, problem, detail);
  }

  private static String text(JsonNode node) {
    return node.isValueNode() && !node.isNull() && !node.asText().isBlank() ? node.asText().trim() : null;
  }
}
