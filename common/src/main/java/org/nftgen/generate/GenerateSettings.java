package org.nftgen.generate;

import com.typesafe.config.Config;
import java.util.Map;
import org.nftgen.config.SettingsReader;
import org.nftgen.denoise.DenoiseSettings;
import org.nftgen.denoise.PaletteSettings;
import org.nftgen.denoise.PixelGridSettings;
import org.nftgen.mint.MintSettings;
import org.nftgen.run.ModelPin;
import org.nftgen.traits.TraitRequest;

/** The job's settings, all from {@code nftgen.generate} (and the denoiser's section). */
public record GenerateSettings(String generator, String upscaler, String batchId, long count, long seed, String output,
    boolean overwrite, boolean skipComplete, int chunk, int partitions, int bicubicFactor, DenoiseSettings denoise,
    PaletteSettings palette, PixelGridSettings pixelGrid, MintSettings mint, String traitsClassifier, String generatorSha256,
    Map<String, String> traits, String traitsFile, long traitsFileMaxBytes, int traitTries, long leaseSeconds,
    int threads) {
  public static GenerateSettings from(Config config) {
    SettingsReader r = new SettingsReader(config, "nftgen.generate");
    String output = BatchLayout.validatePrefix(r.requiredString("output", "pass --output prefix"), r.key("output"));
    String batchId = BatchLayout.validateBatchId(r.requiredString("batch-id", "pass --batch-id"), r.key("batch-id"));
    int factor = BicubicUpscaler.factor(config);
    return new GenerateSettings(r.requiredString("generator", "pass --generator run folder or checkpoint"),
        r.string("upscaler"), batchId, r.longValue("count", 1, 10_000_000), r.longValue("seed", Long.MIN_VALUE,
            Long.MAX_VALUE), output, r.bool("overwrite"), r.bool("skip-complete"), r.intValue("chunk", 1, 4096),
        r.intValue("partitions", 0, 100_000), factor, DenoiseSettings.from(config),
        PaletteSettings.from(config), PixelGridSettings.from(config), MintSettings.from(config),
        r.string("traits-classifier").trim(), ModelPin.checkForm(r.string("generator-sha256"), r.key("generator-sha256")),
        TraitRequest.parse(r.string("traits"), r.key("traits")), r.string("traits-file").trim(),
        r.longValue("traits-file-max-bytes", 1, Integer.MAX_VALUE - 8),
        r.intValue("trait-tries", 1, 100_000), r.longValue("lease-seconds", 10, 86_400),
        r.intValue("threads", 0, 1024));
  }
}
