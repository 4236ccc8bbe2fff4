package org.nftgen.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks an effective configuration against the reference defaults: every key under
 * {@value #ROOT} must exist in a {@code reference.conf} (so a typo fails instead of being
 * ignored) and must have the reference value's type. Sections whose reference value is an empty
 * object ({@code {}}) are free-form maps, such as extra Hadoop settings, and accept any key.
 * All problems are reported at once, each with the file and line its value came from.
 */
public final class ConfigValidator {
  /** The namespace this project owns; keys of other libraries are not ours to check. */
  public static final String ROOT = "nftgen";

  private ConfigValidator() {}

  public static void validate(Config effective, Config reference, String root) {
    List<String> problems = new ArrayList<>();
    if (!effective.hasPath(root)) {
      throw new SettingsException("Configuration has no '" + root + "' section");
    }
    checkObject(effective.getObject(root), reference.getObject(root), root, problems);
    if (!problems.isEmpty()) {
      throw new SettingsException("Invalid configuration:\n  - " + String.join("\n  - ", problems));
    }
  }

  /**
   * Every top-level key of the user's layers (the environment file, the overrides) must be one the
   * reference defaults have: {@value #ROOT}, or another library's own section. A typo at the root,
   * {@code nftgn.train.rounds = 5} or {@code --set train.rounds=5}, would otherwise be ignored.
   */
  public static void validateRoots(Config user, Config reference) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> entry : user.root().entrySet()) {
      if (!reference.root().containsKey(entry.getKey())) {
        problems.add("unknown top-level key '" + quote(entry.getKey()) + "' (from "
            + entry.getValue().origin().description() + "): nftgen's settings live under '" + ROOT + ".'"
            + suggestion(entry.getKey(), reference.root()));
      }
    }
    if (!problems.isEmpty()) {
      throw new SettingsException("Invalid configuration:\n  - " + String.join("\n  - ", problems));
    }
  }

  private static void checkObject(ConfigObject actual, ConfigObject expected, String path, List<String> problems) {
    if (expected.isEmpty()) {
      return; // free-form section
    }
    for (Map.Entry<String, ConfigValue> entry : actual.entrySet()) {
      String key = path + "." + quote(entry.getKey());
      ConfigValue value = entry.getValue();
      ConfigValue wanted = expected.get(entry.getKey());
      if (wanted == null) {
        problems.add("unknown key '" + key + "' (from " + value.origin().description() + ")"
            + suggestion(entry.getKey(), expected));
      } else if (wanted.valueType() == ConfigValueType.OBJECT) {
        if (value.valueType() != ConfigValueType.OBJECT) {
          problems.add("key '" + key + "' must be an object, got " + describe(value));
        } else {
          checkObject((ConfigObject) value, (ConfigObject) wanted, key, problems);
        }
      } else {
        String problem = typeProblem(value, wanted);
        if (problem != null) {
          problems.add("key '" + key + "' " + problem);
        }
      }
    }
  }

  /** Returns why {@code value} cannot stand where the reference has {@code wanted}, or null. */
  private static String typeProblem(ConfigValue value, ConfigValue wanted) {
    ConfigValueType type = wanted.valueType();
    if (type == ConfigValueType.NULL) {
      return null; // reference says "no default"; any value will be checked by the settings class
    }
    Object raw = value.unwrapped();
    switch (type) {
      case STRING:
        return value.valueType() == ConfigValueType.STRING
            || value.valueType() == ConfigValueType.NUMBER
            || value.valueType() == ConfigValueType.BOOLEAN ? null : "must be a string, got " + describe(value);
      case BOOLEAN:
        if (value.valueType() == ConfigValueType.BOOLEAN) {
          return null;
        }
        if (value.valueType() == ConfigValueType.STRING
            && String.valueOf(raw).matches("(?i)true|false|yes|no|on|off")) {
          return null;
        }
        return "must be true or false, got " + describe(value);
      case NUMBER:
        // Whole-number keys are checked when read (SettingsReader): HOCON keeps a default written
        // 0.0 as an integer, so the reference cannot tell whole-number keys apart.
        if (asNumber(value) == null) {
          return "must be a number, got " + describe(value);
        }
        return null;
      case LIST:
        return value.valueType() == ConfigValueType.LIST ? null : "must be a list, got " + describe(value);
      default:
        return null;
    }
  }

  private static Double asNumber(ConfigValue value) {
    if (value.valueType() == ConfigValueType.NUMBER) {
      return ((Number) value.unwrapped()).doubleValue();
    }
    if (value.valueType() == ConfigValueType.STRING) {
      try {
        return Double.parseDouble(((String) value.unwrapped()).trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static String describe(ConfigValue value) {
    return value.render() + " (from " + value.origin().description() + ")";
  }

  private static String suggestion(String key, ConfigObject expected) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : expected.keySet()) {
      int d = editDistance(key, candidate);
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    return best != null && bestDistance <= 3 ? "; did you mean '" + best + "'?" : "";
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static String quote(String key) {
    return key.matches("[A-Za-z0-9_-]+") ? key : "\"" + key + "\"";
  }
}
