package org.nftgen.mint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nftgen.data.TraitLabels;
import org.nftgen.io.Json;
import org.nftgen.run.CheckpointStore;
import org.nftgen.traits.BatchTraits;

/**
 * The token metadata of a whole batch, made once every image exists: rarity needs the whole
 * batch's traits. From each image's manifest entry (keys, digests, CIDs, models and, with a trait
 * classifier, its predicted {@code traits} and {@code confidence}) it builds
 * {@code metadata/<i>.json} and records the file's key, SHA-256 and CID in the entry.
 */
public final class BatchMetadata {
  private BatchMetadata() {}

  /** A file to write: its key below the batch folder and its bytes. */
  public record File(String key, byte[] bytes) implements java.io.Serializable {}

  /**
   * @param images the manifest's image entries in index order; each gains metadata fields
   * @param labels the trait classifier's labels, or null when the images have no traits
   * @param largestSide the side whose PNG the token shows
   * @return the files, in index order
   */
  public static List<File> build(MintSettings settings, String batchId, List<ObjectNode> images, TraitLabels labels,
      int largestSide) {
    BatchTraits batch = null;
    int[] ranks = null;
    if (labels != null) {
      List<Map<String, String>> traits = new ArrayList<>();
      images.forEach(image -> traits.add(strings(image.path("traits"))));
      batch = new BatchTraits(labels, traits);
      ranks = batch.ranks();
    }
    List<File> files = new ArrayList<>(images.size());
    for (int i = 0; i < images.size(); i++) {
      ObjectNode image = images.get(i);
      String side = String.valueOf(largestSide);
      ObjectNode provenance = Json.object();
      provenance.put("batchId", batchId);
      provenance.put("index", image.get("index").asLong());
      provenance.put("latentSeed", image.get("latentSeed").asLong());
      provenance.set("models", image.get("models").deepCopy());
      provenance.set("sha256", image.get("sha256").deepCopy());
      provenance.set("cid", image.get("cid").deepCopy());
      if (image.has("nearest")) {
        provenance.set("novelty", image.get("nearest").deepCopy());
      }
      Map<String, String> traits = strings(image.path("traits"));
      Map<String, Double> confidence = new LinkedHashMap<>();
      image.path("confidence").fields().forEachRemaining(e -> confidence.put(e.getKey(), e.getValue().asDouble()));
      if (batch != null) {
        ObjectNode rarity = provenance.putObject("rarity");
        rarity.put("score", Math.round(batch.score(i) * 1000) / 1000.0);
        rarity.put("rank", ranks[i]);
        rarity.put("of", images.size());
        image.set("rarity", rarity.deepCopy());
      }
      byte[] bytes = TokenMetadata.of(settings, batchId, image.get("index").asLong(), image.get("keys").get(side).asText(),
          image.get("cid").path(side).textValue(), traits, confidence, provenance);
      String key = TokenMetadata.key(image.get("index").asLong());
      image.put("metadata", key);
      image.put("metadataSha256", CheckpointStore.sha256(bytes));
      image.put("metadataCid", Cid.rawV1(bytes));
      files.add(new File(key, bytes));
    }
    return files;
  }

  /** The batch's trait distribution against the collection's, for the manifest; null without labels. */
  public static ObjectNode distribution(TraitLabels labels, List<ObjectNode> images) {
    if (labels == null) {
      return null;
    }
    List<Map<String, String>> traits = new ArrayList<>();
    images.forEach(image -> traits.add(strings(image.path("traits"))));
    return new BatchTraits(labels, traits).toJson();
  }

  private static Map<String, String> strings(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
