package org.nftgen.data;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.List;
import org.nftgen.config.SettingsException;
import org.nftgen.config.SettingsReader;
import org.nftgen.image.Resampler;

/** Settings of the {@code prepare} (ingest) job, read from {@code nftgen.prepare}. */
public record PrepareSettings(
    String input,
    String output,
    List<Integer> resolutions,
    int background,
    Resampler.Filter downscaleFilter,
    UpscaleFilter upscaleFilter,
    long maxPixels,
    long maxFileBytes,
    int minSide,
    double maxRejectedFraction,
    int partitions,
    int recordsPerShard,
    boolean overwrite,
    Metadata metadata) implements Serializable {

  /**
   * Where a collection's ERC-721 metadata is and how much of it is read
   * ({@code nftgen.prepare.metadata}).
   *
   * @param folders folder names whose .json / .csv files are metadata, at any depth below the input
   * @param file one collection-level metadata file (below the input, or a URI); empty for none
   * @param limits how much of a metadata file is read
   */
  public record Metadata(List<String> folders, String file, TokenTraits.Limits limits) implements Serializable {

    /** Whether {@code source} (a path below the input) is a per-token metadata file. */
    public boolean isPerTokenFile(String source) {
      if (!MetadataFiles.isMetadataName(source)) {
        return false;
      }
      String[] parts = source.split("/");
      for (int i = 0; i < parts.length - 1; i++) {
        if (folders.contains(parts[i])) {
          return true;
        }
      }
      return false;
    }
  }

  public static PrepareSettings from(Config config) {
    SettingsReader r = new SettingsReader(config, "nftgen.prepare");
    List<Integer> resolutions = r.intList("resolutions");
    if (resolutions.isEmpty()) {
      throw new SettingsException("Setting '" + r.key("resolutions") + "' must list at least one size");
    }
    for (int size : resolutions) {
      if (size < 8 || size > 4096) {
        throw new SettingsException("Setting '" + r.key("resolutions") + "' has " + size
            + "; each size must be within [8, 4096]");
      }
    }
    return new PrepareSettings(
        r.requiredString("input", "pass --input URI of the raw collection"),
        r.requiredString("output", "pass --output URI for the prepared dataset"),
        List.copyOf(resolutions),
        r.rgbColour("background"),
        Resampler.Filter.named(r.choice("downscale-filter", "area", "bicubic", "nearest")),
        upscaleFilter(r),
        r.longValue("max-pixels", 1, Long.MAX_VALUE / 16),
        r.longValue("max-file-bytes", 1, Integer.MAX_VALUE - 64),
        r.intValue("min-side", 1, 4096),
        r.doubleValue("max-rejected-fraction", 0, 1),
        r.intValue("partitions", 0, 1_000_000),
        r.intValue("records-per-shard", 1, 10_000_000),
        r.bool("overwrite"),
        metadata(new SettingsReader(config, "nftgen.prepare.metadata")));
  }

  private static UpscaleFilter upscaleFilter(SettingsReader r) {
    String name = r.choice("upscale-filter", "auto", "bicubic", "nearest", "area");
    int pixelArtColours = r.intValue("pixel-art-colours", 1, 1 << 24);
    return name.equals("auto") ? UpscaleFilter.auto(pixelArtColours) : UpscaleFilter.always(Resampler.Filter.named(name));
  }

  private static Metadata metadata(SettingsReader r) {
    int maxValueLength = r.intValue("max-value-length", 1, 65536);
    List<String> folders = r.stringList("folders");
    for (String folder : folders) {
      if (folder.isBlank() || folder.contains("/")) {
        throw new SettingsException("Setting '" + r.key("folders") + "' has '" + folder
            + "'; each entry is one folder name, without slashes");
      }
    }
    return new Metadata(List.copyOf(folders), r.string("file").trim(),
        new TokenTraits.Limits(r.longValue("max-file-bytes", 1, Integer.MAX_VALUE - 64), maxValueLength));
  }
}
