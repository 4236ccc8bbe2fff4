package org.nftgen.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the effective configuration from its three layers, lowest first: the reference defaults
 * ({@code reference.conf} of every module on the classpath), an environment file ({@code --config},
 * usually one of {@code conf/*.conf}), and command-line overrides ({@code --set key=value} and the
 * jobs' flags). The result is validated against the reference before anything runs.
 */
public final class ConfigLayers {
  private final List<Config> overrides = new ArrayList<>();
  private File file;

  /** Uses this environment file as the middle layer. */
  public ConfigLayers file(File configFile) {
    this.file = configFile;
    return this;
  }

  /**
   * Adds a command-line override. Values that look like HOCON lists or objects ({@code [..]},
   * {@code {..}}) are parsed as HOCON; anything else is taken literally as a string, so that
   * {@code #FFFFFF} or a URI with {@code ?} survive the shell unquoted. Typed getters convert
   * strings such as {@code 100} or {@code true} on read.
   */
  public ConfigLayers override(String key, String value, String origin) {
    String trimmed = value.trim();
    Config layer;
    try {
      if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
        layer = ConfigFactory.parseString(
            quoteKey(key) + " = " + trimmed,
            ConfigParseOptions.defaults().setOriginDescription(origin));
      } else {
        layer = ConfigFactory.empty(origin)
            .withValue(key, ConfigValueFactory.fromAnyRef(literal(trimmed, value), origin));
      }
    } catch (ConfigException e) {
      throw new SettingsException("Cannot parse " + origin + ": " + e.getMessage(), e);
    }
    overrides.add(layer);
    return this;
  }

  /** Parses {@code key=value} as given to {@code --set}. */
  public ConfigLayers overrideAssignment(String assignment) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw new SettingsException(
          "--set expects key=value, got '" + assignment + "' (for example --set nftgen.synth.count=100)");
    }
    String key = assignment.substring(0, eq).trim();
    return override(key, assignment.substring(eq + 1), "command line --set " + key);
  }

  /** Merges the layers, resolves substitutions and validates the result against the reference. */
  public Config load() {
    Config reference = ConfigFactory.defaultReference();
    Config merged = ConfigFactory.empty();
    for (int i = overrides.size() - 1; i >= 0; i--) {
      merged = merged.withFallback(overrides.get(i));
    }
    if (file != null) {
      merged = merged.withFallback(parseFile(file));
    }
    ConfigValidator.validateRoots(merged, reference);
    Config resolved;
    try {
      resolved = merged.withFallback(reference)
          .resolve(ConfigResolveOptions.defaults().setAllowUnresolved(false));
    } catch (ConfigException e) {
      throw new SettingsException("Configuration error: " + e.getMessage(), e);
    }
    ConfigValidator.validate(resolved, reference.resolve(), ConfigValidator.ROOT);
    return resolved;
  }

  private static Config parseFile(File configFile) {
    if (!configFile.isFile()) {
      throw new SettingsException("Config file not found: " + configFile.getAbsolutePath());
    }
    try {
      return ConfigFactory.parseFile(configFile, ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw new SettingsException("Cannot read config file " + configFile + ": " + e.getMessage(), e);
    }
  }

  /** Numbers and booleans keep their type (so saved configs show 24, not "24"); the rest stays text. */
  private static Object literal(String trimmed, String raw) {
    if (trimmed.matches("-?\\d{1,18}")) {
      return Long.parseLong(trimmed);
    }
    if (trimmed.matches("-?\\d+\\.\\d+([eE][-+]?\\d+)?")) {
      return Double.parseDouble(trimmed);
    }
    if (trimmed.equals("true") || trimmed.equals("false")) {
      return Boolean.parseBoolean(trimmed);
    }
    return raw;
  }

  private static String quoteKey(String key) {
    // Keys are dotted paths; each element may need quoting if it holds odd characters.
    StringBuilder quoted = new StringBuilder();
    for (String part : key.split("\\.", -1)) {
      if (quoted.length() > 0) {
        quoted.append('.');
      }
      quoted.append(part.matches("[A-Za-z0-9_-]+") ? part : ConfigValueFactory.fromAnyRef(part).render());
    }
    return quoted.toString();
  }
}
