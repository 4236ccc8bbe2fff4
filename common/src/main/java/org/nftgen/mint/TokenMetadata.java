package org.nftgen.mint;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.nftgen.io.Json;

/**
 * The ERC-721 metadata JSON of one generated image ({@code metadata/<i>.json}): {@code name},
 * {@code description}, {@code image} and {@code attributes} as EIP-721 and the marketplaces read
 * them, and an {@code nftgen} object saying where the token came from (batch, index, latent seed,
 * generator checkpoint, image digests). Built from values only, in a fixed field order, so a re-run
 * of the batch writes the same bytes.
 */
public final class TokenMetadata {
  /** The folder of the per-image metadata files in a batch. */
  public static final String FOLDER = "metadata";

  private TokenMetadata() {}

  /** The key of image {@code index}'s metadata, relative to the batch folder. */
  public static String key(long index) {
    return FOLDER + "/" + index + ".json";
  }

  /**
   * @param imageKey the key of the image the token shows (the largest size), relative to the batch
   * @param imageCid its CIDv1, or null when it is more than one IPFS block
   * @param traits the token's traits (type -> value), empty when the generator knows none
   * @param confidence per type, the probability the trait classifier gave the value, written as the
   *     attribute's {@code nftgen_confidence} (an extra field marketplaces ignore); empty for none
   * @param provenance the {@code nftgen} fields (batch, index, seeds, models, digests)
   */
  public static byte[] of(MintSettings settings, String batchId, long index, String imageKey, String imageCid,
      Map<String, String> traits, Map<String, Double> confidence, ObjectNode provenance) {
    ObjectNode json = Json.object();
    json.put("name", settings.nameOf(batchId, index));
    json.put("description", settings.description());
    json.put("image", imageUri(settings, imageKey, imageCid));
    ArrayNode attributes = json.putArray("attributes");
    traits.forEach((type, value) -> {
      ObjectNode a = attributes.addObject().put("trait_type", type).put("value", value);
      if (confidence.containsKey(type)) {
        a.put("nftgen_confidence", Math.round(confidence.get(type) * 10000) / 10000.0);
      }
    });
    json.set("nftgen", provenance);
    return Json.pretty(json).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Refuses, before any image is made, settings that would need the CID of an image that may be
   * more than one IPFS block: an 8-bit RGB PNG of {@code side} pixels is at most its raw rows (one
   * filter byte each) plus zlib's and PNG's overhead.
   */
  public static void checkImageUri(MintSettings settings, int largestSide) {
    long bound = (long) largestSide * (largestSide * 3L + 1) * 1001 / 1000 + 1024;
    if (settings.enabled() && settings.imageBaseUri().isEmpty() && bound > Cid.MAX_SINGLE_BLOCK) {
      throw new org.nftgen.config.SettingsException("Images of " + largestSide + " px can be larger than one IPFS"
          + " block, so their ipfs:// CID cannot be computed here: set nftgen.generate.metadata.image-base-uri"
          + " (e.g. the ipfs://<folder CID>/ or https:// prefix you will upload the batch to)");
    }
  }

  private static String imageUri(MintSettings settings, String imageKey, String imageCid) {
    if (!settings.imageBaseUri().isEmpty()) {
      return settings.imageBaseUri() + imageKey;
    }
    if (imageCid == null) {
      throw new IllegalStateException("Image " + imageKey + " is larger than one IPFS block (" + Cid.MAX_SINGLE_BLOCK
          + " bytes), so nftgen cannot compute its CID: set nftgen.generate.metadata.image-base-uri");
    }
    return "ipfs://" + imageCid;
  }
}
