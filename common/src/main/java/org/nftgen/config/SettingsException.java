package org.nftgen.config;

/**
 * A configuration or input problem that the user must fix. Its message always names the key, file
 * or value at fault, and it is raised before Spark starts wherever that is possible.
 */
public final class SettingsException extends RuntimeException {
  public SettingsException(String message) {
    super(message);
  }

  public SettingsException(String message, Throwable cause) {
    super(message, cause);
  }
}
