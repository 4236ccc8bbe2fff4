package org.nftgen.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Typed, range-checked reads from one section of the configuration. Every failure names the full
 * key and the offending value, so that settings classes can stay one line per field.
 */
public final class SettingsReader {
  private final Config config;
  private final String section;

  public SettingsReader(Config config, String section) {
    this.config = config;
    this.section = section;
  }

  public String key(String name) {
    return section + "." + name;
  }

  public String string(String name) {
    return get(name, Config::getString);
  }

  /** A string that must not be blank, with a hint of how to set it. */
  public String requiredString(String name, String hint) {
    String value = string(name).trim();
    if (value.isEmpty()) {
      throw new SettingsException("Setting '" + key(name) + "' is required: " + hint);
    }
    return value;
  }

  public boolean bool(String name) {
    return get(name, Config::getBoolean);
  }

  public long longValue(String name, long min, long max) {
    double number = get(name, Config::getDouble);
    if (number != Math.rint(number) || Double.isInfinite(number)) {
      throw new SettingsException("Setting '" + key(name) + "' = " + number + " must be a whole number");
    }
    long value = get(name, Config::getLong);
    if (value < min || value > max) {
      throw new SettingsException(
          "Setting '" + key(name) + "' = " + value + " is out of range [" + min + ", " + max + "]");
    }
    return value;
  }

  public int intValue(String name, int min, int max) {
    return (int) longValue(name, min, max);
  }

  public double doubleValue(String name, double min, double max) {
    double value = get(name, Config::getDouble);
    if (!(value >= min && value <= max)) {
      throw new SettingsException(
          "Setting '" + key(name) + "' = " + value + " is out of range [" + min + ", " + max + "]");
    }
    return value;
  }

  public List<Integer> intList(String name) {
    return get(name, Config::getIntList);
  }

  /** A non-empty list of whole numbers, each in [min, max]; a single number is a list of one. */
  public List<Integer> intList(String name, int min, int max) {
    if (config.hasPath(key(name)) && config.getValue(key(name)).valueType() == com.typesafe.config.ConfigValueType.NUMBER) {
      return List.of(intValue(name, min, max));
    }
    List<Integer> values = intList(name);
    if (values.isEmpty()) {
      throw new SettingsException("Setting '" + key(name) + "' must list at least one value");
    }
    for (int value : values) {
      if (value < min || value > max) {
        throw new SettingsException(
            "Setting '" + key(name) + "' = " + values + " has " + value + ", out of range [" + min + ", " + max + "]");
      }
    }
    return values;
  }

  public List<Double> doubleList(String name) {
    return get(name, Config::getDoubleList);
  }

  public List<String> stringList(String name) {
    return get(name, Config::getStringList);
  }

  /** A lower-case choice among {@code allowed}. */
  public String choice(String name, String... allowed) {
    String value = string(name).trim().toLowerCase(Locale.ROOT);
    if (!Arrays.asList(allowed).contains(value)) {
      throw new SettingsException("Setting '" + key(name) + "' = '" + value + "' must be one of "
          + String.join(", ", allowed));
    }
    return value;
  }

  /** A colour written as {@code #RRGGBB}; returns 0xRRGGBB. */
  public int rgbColour(String name) {
    String value = string(name).trim();
    if (!value.matches("#[0-9A-Fa-f]{6}")) {
      throw new SettingsException(
          "Setting '" + key(name) + "' = '" + value + "' must be a colour written #RRGGBB");
    }
    return Integer.parseInt(value.substring(1), 16);
  }

  public Config section(String name) {
    return get(name, Config::getConfig);
  }

  private <T> T get(String name, java.util.function.BiFunction<Config, String, T> getter) {
    String path = key(name);
    try {
      return getter.apply(config, path);
    } catch (ConfigException e) {
      throw new SettingsException("Setting '" + path + "': " + e.getMessage(), e);
    }
  }
}
