package org.nftgen.mint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nftgen.config.SettingsException;
import org.nftgen.io.Json;

/** CIDs as IPFS computes them, and the token metadata generate writes. */
class TokenMetadataTest {
  @Test
  void base32IsRfc4648LowerCaseWithoutPadding() {
    String[] in = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    String[] out = {"", "my", "mzxq", "mzxw6", "mzxw6yq", "mzxw6ytb", "mzxw6ytboi"};
    for (int i = 0; i < in.length; i++) {
      assertEquals(out[i], Cid.base32(in[i].getBytes(StandardCharsets.US_ASCII)), in[i]);
    }
  }

  @Test
  void theCidOfABlockIsWhatIpfsGives() {
    // `ipfs add --cid-version 1 --raw-leaves` of an empty file: the well-known raw CID of no bytes.
    assertEquals("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", Cid.rawV1(new byte[0]));
    assertEquals(59, Cid.rawV1(new byte[Cid.MAX_SINGLE_BLOCK]).length());
    assertNull(Cid.rawV1(new byte[Cid.MAX_SINGLE_BLOCK + 1]), "a chunked file has a DAG root CID, not this one");
  }

  @Test
  void metadataIsDeterministicAndNamesItsImage() throws Exception {
    MintSettings settings = new MintSettings(true, "Apes {batch} #{index}", "d", "", false);
    Map<String, String> traits = new LinkedHashMap<>();
    traits.put("Background", "Blue");
    byte[] a = TokenMetadata.of(settings, "day1", 7, "256/7.png", "bafyx", traits, Map.of("Background", 0.97), Json.object().put("index", 7));
    byte[] b = TokenMetadata.of(settings, "day1", 7, "256/7.png", "bafyx", traits, Map.of("Background", 0.97),
        Json.object().put("index", 7));
    assertArrayEquals(a, b);
    JsonNode json = Json.mapper().readTree(a);
    assertEquals("Apes day1 #7", json.get("name").asText());
    assertEquals("ipfs://bafyx", json.get("image").asText());
    assertEquals("Blue", json.get("attributes").get(0).get("value").asText());
    assertEquals("Background", json.get("attributes").get(0).get("trait_type").asText());
    assertEquals(0.97, json.get("attributes").get(0).get("nftgen_confidence").asDouble(), 1e-12);
    MintSettings hosted = new MintSettings(true, "n", "d", "https://cdn.example/b1/", false);
    JsonNode onCdn = Json.mapper().readTree(TokenMetadata.of(hosted, "b1", 7, "256/7.png", null, Map.of(),
        Map.of(), Json.object()));
    assertEquals("https://cdn.example/b1/256/7.png", onCdn.get("image").asText());
  }

  @Test
  void settingsThatCannotNameTheImageAreRefused() {
    SettingsException slash = assertThrows(SettingsException.class, () -> MintSettings.from(ConfigFactory.parseString(
        "nftgen.generate.metadata { enabled = true, name = n, description = d, image-base-uri = \"https://x/y\", novelty = false }")));
    assertTrue(slash.getMessage().contains("'nftgen.generate.metadata.image-base-uri' = 'https://x/y' must end with"),
        slash.getMessage());
    MintSettings ipfs = new MintSettings(true, "n", "d", "", false);
    TokenMetadata.checkImageUri(ipfs, 256);
    SettingsException big = assertThrows(SettingsException.class, () -> TokenMetadata.checkImageUri(ipfs, 512));
    assertTrue(big.getMessage().contains("set nftgen.generate.metadata.image-base-uri"), big.getMessage());
    TokenMetadata.checkImageUri(new MintSettings(true, "n", "d", "ipfs://bafyfolder/", false), 512);
  }
}
