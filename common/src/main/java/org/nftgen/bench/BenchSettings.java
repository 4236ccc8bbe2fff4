package org.nftgen.bench;

import com.typesafe.config.Config;
import java.util.List;
import org.nftgen.config.SettingsReader;
import org.nftgen.dcgan.DcganSettings;

/** The bench's settings ({@code nftgen.bench}); the model shape comes from nftgen.dcgan. */
public record BenchSettings(String output, int warmup, int iterations, List<Integer> batches, int sgemmSize,
    int averagingWorkers, List<Integer> averagingIterations, String python, String pytorchScript, int pytorchThreads,
    int generateImages, int generateChunk, int bicubicFactor, org.nftgen.denoise.DenoiseSettings denoise,
    DcganSettings model,
    SrBench.Settings superResolution) {
  public static BenchSettings from(Config config) {
    SettingsReader r = new SettingsReader(config, "nftgen.bench");
    return new BenchSettings(r.requiredString("output", "pass --output folder for bench.json"),
        r.intValue("warmup", 0, 1000), r.intValue("iterations", 1, 10_000), r.intList("batches"),
        r.intValue("sgemm-size", 16, 16384), r.intValue("averaging-workers", 1, 1024),
        r.intList("averaging-iterations", 1, 1000), r.string("python"), r.string("pytorch-script"),
        r.intValue("pytorch-threads", 0, 1024), r.intValue("generate-images", 1, 100_000),
        new SettingsReader(config, "nftgen.generate").intValue("chunk", 1, 4096),
        org.nftgen.generate.BicubicUpscaler.factor(config),
        org.nftgen.denoise.DenoiseSettings.from(config), DcganSettings.from(config), SrBench.Settings.from(config));
  }
}
