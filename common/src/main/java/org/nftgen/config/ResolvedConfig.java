package org.nftgen.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders the effective configuration that a run used, for saving beside its outputs. Values of
 * keys that look like credentials are replaced, so that the file can be shared and logged.
 */
public final class ResolvedConfig {
  public static final String REDACTED = "<redacted>";

  /**
   * Keys that hold credentials, anywhere in their path: Hadoop's credential key families
   * (fs.s3a.secret.key, fs.s3a.session.token, fs.s3a.encryption.key and server-side-encryption.key,
   * fs.azure.account.key.ACCOUNT, fs.azure.sas.CONTAINER.ACCOUNT, fs.azure.account.oauth2.client.secret
   * and refresh tokens, fs.gs.auth.service.account.private.key and its id, keystore passwords) and
   * the usual names (password, credential, access-key, api-key, any token, a signature).
   */
  private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(secret|password|passwd|credential"
      + "|access[._-]?key|api[._-]?key|account[._-]?key|encryption[._-]?key|private[._-]?key|token|signature"
      + "|(^|[._\"-])sas([._\"-]|$)).*");

  private ResolvedConfig() {}

  public static boolean isSecretKey(String path) {
    return SECRET_KEY.matcher(path).matches();
  }

  /** The {@value ConfigValidator#ROOT} section with secrets redacted, as HOCON text. */
  public static String render(Config config) {
    Config section = config.getConfig(ConfigValidator.ROOT).atPath(ConfigValidator.ROOT);
    Config redacted = section;
    for (Map.Entry<String, ConfigValue> entry : section.entrySet()) {
      if (isSecretKey(entry.getKey())) {
        redacted = redacted.withValue(entry.getKey(), ConfigValueFactory.fromAnyRef(REDACTED));
      }
    }
    return "# Effective nftgen configuration of this run (secrets redacted).\n"
        + redacted.root().render(ConfigRenderOptions.defaults()
            .setOriginComments(false).setComments(false).setFormatted(true).setJson(false));
  }
}
