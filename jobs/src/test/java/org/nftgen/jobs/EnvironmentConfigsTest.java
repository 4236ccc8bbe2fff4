package org.nftgen.jobs;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.nftgen.averaging.TrainSettings;
import org.nftgen.bench.BenchSettings;
import org.nftgen.blend.BlendSettings;
import org.nftgen.config.ConfigLayers;
import org.nftgen.data.PrepareSettings;
import org.nftgen.dcgan.DcganSettings;
import org.nftgen.denoise.DenoiseSettings;
import org.nftgen.evaluation.EvaluationRequest;
import org.nftgen.metrics.eval.EvaluateSettings;
import org.nftgen.metrics.eval.YardstickSettings;
import org.nftgen.srgan.SrganSettings;
import org.nftgen.synth.SynthSettings;
import org.nftgen.traits.TraitSettings;

/** Every environment file in conf/ includes the defaults and passes validation. */
class EnvironmentConfigsTest {
  private static final Path CONF = Path.of(System.getProperty("nftgen.home", "..")).resolve("conf");

  @Test
  void everyEnvironmentFileValidates() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(CONF)) {
      files = s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
    }
    assertTrue(files.size() >= 4, "conf files: " + files);
    for (Path f : files) {
      // The paths a job's flags would give.
      Config c = new ConfigLayers().file(f.toFile())
          .overrideAssignment("nftgen.prepare.input=/in").overrideAssignment("nftgen.prepare.output=/out")
          .overrideAssignment("nftgen.synth.output=/out")
          .overrideAssignment("nftgen.train.input=/in").overrideAssignment("nftgen.train.output=/out")
          .overrideAssignment("nftgen.blend.second-input=/in2")
          .overrideAssignment("nftgen.traits.input=/in").overrideAssignment("nftgen.traits.output=/out")
          .overrideAssignment("nftgen.evaluate.input=/run").overrideAssignment("nftgen.evaluate.output=/out")
          .overrideAssignment("nftgen.generate.generator=/run").overrideAssignment("nftgen.generate.output=/out")
          .overrideAssignment("nftgen.generate.batch-id=b1").overrideAssignment("nftgen.bench.output=/out").load();
      // Each section reads into its settings, with their cross-key checks (e.g. a mask penalty
      // needs the layered output), without error.
      assertDoesNotThrow(() -> {
        PrepareSettings.from(c);
        SynthSettings.from(c);
        DcganSettings.from(c);
        TrainSettings.from(c);
        BlendSettings.from(c);
        SrganSettings.from(c);
        EvaluateSettings.from(c);
        YardstickSettings.from(c);
        DenoiseSettings.from(c);
        PipelineJob.Settings.from(c);
        // What each job's main reads, with its cross-key checks.
        TrainDcganJob.Settings.from(c);
        TrainBlendJob.Settings.from(c);
        TrainSrganJob.Settings.from(c);
        TraitSettings.from(c);
        EvaluationRequest.from(c);
        org.nftgen.generate.GenerateSettings.from(c);
        BenchSettings.from(c);
        // The pipeline's DCGAN recipe over the file's model settings.
        DcganSettings.from(c.getConfig("nftgen.pipeline.dcgan").atPath("nftgen.dcgan").withFallback(c));
      }, f.toString());
      assertTrue(Files.readString(f).contains("include"), f + " must include the defaults");
    }
  }

  @Test
  void smokeConfigIsSmall() {
    Config c = new ConfigLayers().file(new File(CONF.toFile(), "smoke.conf")).load();
    assertTrue(c.getInt("nftgen.synth.count") <= 64);
    assertEquals("runs/pipeline", c.getString("nftgen.pipeline.workdir"));
  }
}
