package org.nftgen.mint;

import com.typesafe.config.Config;
import java.io.Serializable;
import org.nftgen.config.SettingsException;
import org.nftgen.config.SettingsReader;

/**
 * How {@code generate} describes each image as a token ({@code nftgen.generate.metadata}).
 *
 * @param enabled whether {@code metadata/<i>.json} is written beside the images
 * @param name the token's name; {@code {index}} and {@code {batch}} are replaced
 * @param description the token's description
 * @param imageBaseUri prefix of the image's key in the {@code image} field; empty: {@code ipfs://<cid>}
 * @param novelty whether each token records its nearest training token ({@link Novelty})
 */
public record MintSettings(boolean enabled, String name, String description, String imageBaseUri, boolean novelty)
    implements Serializable {

  public static MintSettings from(Config config) {
    SettingsReader r = new SettingsReader(config, "nftgen.generate.metadata");
    String base = r.string("image-base-uri").trim();
    if (!base.isEmpty() && !base.endsWith("/")) {
      throw new SettingsException("Setting '" + r.key("image-base-uri") + "' = '" + base
          + "' must end with '/': the image's key (e.g. 256/7.png) is appended to it");
    }
    if (base.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == ' ')) {
      throw new SettingsException("Setting '" + r.key("image-base-uri") + "' contains spaces or control characters");
    }
    return new MintSettings(r.bool("enabled"), r.string("name"), r.string("description"), base, r.bool("novelty"));
  }

  /** The name of token {@code index} of batch {@code batchId}. */
  public String nameOf(String batchId, long index) {
    return name.replace("{index}", Long.toString(index)).replace("{batch}", batchId);
  }
}
