package org.nftgen.synth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.nftgen.io.Json;

/** ERC-721 style metadata of one token, as marketplaces read it. */
public final class TokenMetadata {
  private TokenMetadata() {}

  /**
   * @param imageUri where the token's image is, relative to the collection root or absolute
   */
  public static ObjectNode of(CollectionStyle style, Token token, String imageUri) {
    ObjectNode json = Json.object();
    json.put("name", style.collectionName() + " #" + token.id());
    json.put("description", "A procedurally drawn token of the embedded " + style.name()
        + " collection of nftgen.");
    json.put("image", imageUri);
    json.put("edition", token.id());
    ArrayNode attributes = json.putArray("attributes");
    for (Map.Entry<String, Trait.Value> e : token.traits().entrySet()) {
      ObjectNode a = attributes.addObject();
      a.put("trait_type", e.getKey());
      a.put("value", e.getValue().name());
    }
    return json;
  }
}
