package org.nftgen.traits;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nftgen.config.SettingsException;
import org.nftgen.data.MetadataFiles;
import org.nftgen.io.Json;

/**
 * Per-image trait requests ({@code generate --traits-file}): image i of the batch is made with
 * the traits of the file's i-th request; a trait a request leaves out is drawn from the
 * collection's rarities. Two forms:
 * <ul>
 *   <li>{@code .csv}: a header of trait types, one row per image, an empty cell where any value
 *       will do;</li>
 *   <li>{@code .json}: an array with one element per image, either {@code {"Type": "Value", ...}}
 *       or ERC-721 style {@code {"attributes": [{"trait_type": "Type", "value": "Value"}]}}.</li>
 * </ul>
 * Only the form is checked here; the types and values against a model by {@link TraitRequest#resolve}.
 */
public final class TraitRequestFile {
  private TraitRequestFile() {}

  /** The requests of {@code source} (named in every error), one map per image, in file order. */
  public static List<Map<String, String>> parse(String source, byte[] bytes) {
    String lower = source.toLowerCase(Locale.ROOT);
    List<Map<String, String>> requests;
    if (lower.endsWith(".csv")) {
      requests = parseCsv(source, bytes);
    } else if (lower.endsWith(".json")) {
      requests = parseJson(source, bytes);
    } else {
      throw new SettingsException("The trait requests file " + source + " must end in .csv or .json");
    }
    if (requests.isEmpty()) {
      throw new SettingsException("The trait requests file " + source + " has no requests");
    }
    return requests;
  }

  private static List<Map<String, String>> parseCsv(String source, byte[] bytes) {
    List<List<String>> rows;
    try {
      rows = MetadataFiles.csvRows(bytes, false); // in a one-column table an empty line asks for any value
    } catch (IOException | RuntimeException e) {
      throw new SettingsException("The trait requests file " + source + " is not a readable CSV table: "
          + e.getMessage());
    }
    if (rows.isEmpty()) {
      throw new SettingsException("The trait requests file " + source + " has no header of trait types");
    }
    List<String> header = rows.get(0);
    for (int c = 0; c < header.size(); c++) {
      if (header.get(c).isBlank() || header.indexOf(header.get(c)) != c) {
        throw new SettingsException("The trait requests file " + source + " has header " + header
            + "; every column must name a different trait type");
      }
    }
    List<Map<String, String>> requests = new ArrayList<>();
    for (int r = 1; r < rows.size(); r++) {
      List<String> row = rows.get(r);
      if (row.size() > header.size()) {
        throw new SettingsException(where(source, r - 1) + " has " + row.size() + " cells, the header " + header.size());
      }
      Map<String, String> traits = new LinkedHashMap<>();
      for (int c = 0; c < row.size(); c++) {
        if (!row.get(c).isBlank()) {
          traits.put(header.get(c), row.get(c).trim());
        }
      }
      requests.add(traits);
    }
    return requests;
  }

  private static List<Map<String, String>> parseJson(String source, byte[] bytes) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new SettingsException("The trait requests file " + source + " is not readable JSON: " + e.getMessage());
    }
    if (root == null || !root.isArray()) {
      throw new SettingsException("The trait requests file " + source + " must hold a JSON array, one element per image");
    }
    List<Map<String, String>> requests = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      requests.add(request(source, i + 1, root.get(i)));
    }
    return requests;
  }

  private static Map<String, String> request(String source, int element, JsonNode node) {
    String where = where(source, element - 1);
    if (!node.isObject()) {
      throw new SettingsException(where + " is not an object of trait types to values");
    }
    Map<String, String> traits = new LinkedHashMap<>();
    if (node.has("attributes")) {
      JsonNode attributes = node.get("attributes");
      if (!attributes.isArray()) {
        throw new SettingsException(where + ": 'attributes' is not a list");
      }
      for (JsonNode a : attributes) {
        JsonNode type = a.get("trait_type");
        JsonNode value = a.get("value");
        if (type == null || !type.isTextual() || value == null || !value.isValueNode() || value.isNull()) {
          throw new SettingsException(where + ": attribute " + a + " needs a text trait_type and a value");
        }
        put(where, traits, type.asText(), value.asText());
      }
      return traits;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw new SettingsException(where + ": trait " + e.getKey() + " must be a text value, not " + e.getValue());
      }
      put(where, traits, e.getKey(), e.getValue().asText());
    }
    return traits;
  }

  private static void put(String where, Map<String, String> traits, String type, String value) {
    if (value.isBlank()) {
      return; // any value will do, as an empty CSV cell
    }
    if (traits.put(type.trim(), value.trim()) != null) {
      throw new SettingsException(where + " names trait type '" + type + "' twice");
    }
  }

  /**
   * How errors name request {@code i} (image i of the batch, counted from 0): "Request i+1 of the
   * trait requests file ...", the CSV's rows after the header, the JSON array's elements.
   */
  public static String where(String source, int i) {
    return "Request " + (i + 1) + " (image " + i + ") of the trait requests file " + source;
  }
}
