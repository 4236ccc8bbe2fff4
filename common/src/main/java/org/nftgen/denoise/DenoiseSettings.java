package org.nftgen.denoise;

import com.typesafe.config.Config;
import java.io.Serializable;
import org.nftgen.config.SettingsReader;

/** Non-local means denoising, read from {@code nftgen.denoise}. */
public record DenoiseSettings(String method, double h, double hColor, int templateWindow, int searchWindow)
    implements Serializable {

  public static DenoiseSettings from(Config config) {
    SettingsReader r = new SettingsReader(config, "nftgen.denoise");
    int template = r.intValue("template-window", 1, 99);
    int search = r.intValue("search-window", 1, 199);
    if (template % 2 == 0 || search % 2 == 0) {
      throw new org.nftgen.config.SettingsException("Settings '" + r.key("template-window") + "' = " + template
          + " and '" + r.key("search-window") + "' = " + search + " must be odd");
    }
    return new DenoiseSettings(r.choice("method", "nlmeans", "none"), r.doubleValue("h", 0, 1000),
        r.doubleValue("h-color", 0, 1000), template, search);
  }
}
