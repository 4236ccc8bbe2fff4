package org.nftgen.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftgen.config.ConfigLayers;
import org.nftgen.config.ResolvedConfig;
import org.nftgen.config.SettingsException;
import org.nftgen.dcgan.DcganModels;
import org.nftgen.dcgan.DcganSettings;
import org.nftgen.denoise.DenoiseSettings;
import org.nftgen.denoise.Denoiser;
import org.nftgen.gan.GanStep;
import org.nftgen.run.CheckpointStore;
import org.nftgen.run.JobNames;
import org.nftgen.run.RunFolder;
import org.nftgen.run.StateCodec;
import org.nftgen.run.VerifiedCheckpoint;

/** The generation library: names, seeds, the pipeline's sizes and determinism, verified loading. */
class GenerationTest {
  static final com.typesafe.config.Config CONFIG = new ConfigLayers()
      .override("nftgen.dcgan.resolution", "16", "test").override("nftgen.dcgan.nz", "8", "test")
      .override("nftgen.dcgan.ngf", "8", "test").override("nftgen.dcgan.ndf", "8", "test").load();
  static final DcganSettings TINY = DcganSettings.from(CONFIG);

  @TempDir
  Path tmp;

  @Test
  void batchIdsAndPrefixesThatCouldEscapeAreRefused() {
    for (String ok : List.of("20260101", "daily_2026-01-01", "a", "v1.2")) {
      assertEquals(ok, BatchLayout.validateBatchId(ok, "k"));
    }
    for (String bad : List.of("", "..", "../x", "a/b", "a..b", ".hidden", "a b", "x\n", "-x")) {
      SettingsException e = assertThrows(SettingsException.class, () -> BatchLayout.validateBatchId(bad, "k"), bad);
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
    for (String ok : List.of("s3a://bucket/prefix", "file:///tmp/x", "runs/out", "s3a://b")) {
      assertEquals(ok, BatchLayout.validatePrefix(ok, "k"));
    }
    for (String bad : List.of("", "s3a://b/../c", "runs/..", "/tmp/./x", "a?b", "x\ty")) {
      assertThrows(SettingsException.class, () -> BatchLayout.validatePrefix(bad, "k"), bad);
    }
    assertEquals("64/12.png", BatchLayout.key(64, 12));
  }

  @Test
  void latentSeedsDependOnSeedBatchAndIndexOnly() {
    long a = ImageSeeds.latentSeed(7, "b1", 3);
    assertEquals(a, ImageSeeds.latentSeed(7, "b1", 3));
    assertNotEquals(a, ImageSeeds.latentSeed(8, "b1", 3));
    assertNotEquals(a, ImageSeeds.latentSeed(7, "b2", 3));
    assertNotEquals(a, ImageSeeds.latentSeed(7, "b1", 4));
    float[] z = ImageSeeds.latent(a, 4000);
    double mean = 0;
    double sq = 0;
    for (float v : z) {
      mean += v / 4000.0;
      sq += v * v / 4000.0;
    }
    assertEquals(0, mean, 0.05);
    assertEquals(1, sq, 0.08);
  }

  private GenerationPipeline pipeline(int factor, String denoise) {
    return pipeline(factor, denoise, 1);
  }

  private GenerationPipeline pipeline(int factor, String denoise, int denoiseThreads) {
    GanStep gan = DcganModels.newGan(TINY);
    DenoiseSettings d = DenoiseSettings.from(CONFIG);
    return new GenerationPipeline(gan.generator(), TINY.nz(), 16, new Denoiser(new DenoiseSettings(denoise, d.h(),
        d.hColor(), d.templateWindow(), d.searchWindow())), new BicubicUpscaler(factor).open(), denoiseThreads);
  }

  @Test
  void denoisingImagesInParallelChangesNoPixelNorTheirOrder() {
    for (String denoise : new String[] {"nlmeans", "none"}) {
      List<GenerationPipeline.Rendered> one;
      List<GenerationPipeline.Rendered> three;
      try (GenerationPipeline p = pipeline(2, denoise, 1)) {
        one = p.render(5, "b", 0, 7);
      }
      try (GenerationPipeline p = pipeline(2, denoise, 3)) {
        three = p.render(5, "b", 0, 7);
        // A second chunk on the same pool.
        List<GenerationPipeline.Rendered> again = p.render(5, "b", 0, 7);
        assertEquals(three.get(6).sizes()[2].pixelHash(), again.get(6).sizes()[2].pixelHash());
      }
      for (int k = 0; k < 7; k++) {
        for (int s = 0; s < 3; s++) {
          assertArrayEquals(one.get(k).sizes()[s].rgb(), three.get(k).sizes()[s].rgb(), denoise + " image " + k);
        }
      }
      if (denoise.equals("none")) { // the raw images differ, so a mixed-up order would show
        assertNotEquals(one.get(0).sizes()[2].pixelHash(), one.get(1).sizes()[2].pixelHash());
      }
    }
  }

  @Test
  void rendersThreeSizesDeterministicallyWithEitherUpscalerFactor() {
    for (int factor : new int[] {2, 4}) {
      List<GenerationPipeline.Rendered> a = pipeline(factor, "nlmeans").render(5, "b", 4, 7);
      List<GenerationPipeline.Rendered> b = pipeline(factor, "nlmeans").render(5, "b", 4, 7);
      assertEquals(3, a.size());
      for (int k = 0; k < 3; k++) {
        assertEquals(4 + k, a.get(k).index());
        assertEquals(ImageSeeds.latentSeed(5, "b", 4 + k), a.get(k).latentSeed());
        int side = 16;
        for (int s = 0; s < 3; s++) {
          assertEquals(side, a.get(k).sizes()[s].width());
          assertEquals(side, a.get(k).sizes()[s].height());
          assertArrayEquals(a.get(k).sizes()[s].rgb(), b.get(k).sizes()[s].rgb(), "factor " + factor);
          side *= 2;
        }
      }
      // Different latents give different images (an untrained generator's are nearly flat grey, which
      // the denoiser evens out, hence without it).
      List<GenerationPipeline.Rendered> raw = pipeline(factor, "none").render(5, "b", 4, 6);
      assertNotEquals(raw.get(0).sizes()[0].pixelHash(), raw.get(1).sizes()[0].pixelHash());
    }
  }

  @Test
  void loadsAVerifiedGeneratorAndRefusesATamperedOne() throws Exception {
    Configuration conf = new Configuration();
    org.apache.hadoop.fs.Path run = new org.apache.hadoop.fs.Path(tmp.resolve("run").toUri());
    GanStep gan = DcganModels.newGan(TINY);
    Files.createDirectories(tmp.resolve("run"));
    // A run of another kind is refused by what its saved config says, before its state is decoded.
    Files.writeString(tmp.resolve("run/config.conf"), ResolvedConfig.render(CONFIG.withValue(RunFolder.JOB_KEY,
        com.typesafe.config.ConfigValueFactory.fromAnyRef(JobNames.TRAIN_SRGAN))));
    new CheckpointStore(run, conf).write(3, Map.of(CheckpointStore.STATE, StateCodec.encode(gan.snapshot())));
    SettingsException wrongKind = assertThrows(SettingsException.class, () -> TrainedGenerator.load(run, conf));
    assertTrue(wrongKind.getMessage().contains("is a train-srgan run, not a train-dcgan or train-blend run"),
        wrongKind.getMessage());
    Files.writeString(tmp.resolve("run/config.conf"), ResolvedConfig.render(CONFIG.withValue(RunFolder.JOB_KEY,
        com.typesafe.config.ConfigValueFactory.fromAnyRef(JobNames.TRAIN_DCGAN))));

    TrainedGenerator g = TrainedGenerator.load(run, conf);
    assertEquals("round-00000003", g.checkpointId());
    assertEquals(TINY, g.settings());
    assertArrayEquals(gan.generator().params().toFloatVector(), g.network().params().toFloatVector());
    assertEquals(64, g.sha256().get(CheckpointStore.STATE).length());

    Path state = tmp.resolve("run/checkpoints/round-00000003/" + CheckpointStore.STATE);
    byte[] bytes = Files.readAllBytes(state);
    bytes[bytes.length / 2] ^= 1;
    Files.write(state, bytes);
    VerifiedCheckpoint.TamperedException e = assertThrows(VerifiedCheckpoint.TamperedException.class,
        () -> TrainedGenerator.load(run, conf));
    assertTrue(e.getMessage().contains("does not match the SHA-256"), e.getMessage());
    assertThrows(SettingsException.class, () -> TrainedGenerator.load(new org.apache.hadoop.fs.Path(
        tmp.resolve("nothing").toUri()), conf));
  }

  /** The red share of an image's pixels' total intensity: a property candidates differ in. */
  private static double redShare(org.nftgen.image.RgbImage image) {
    double red = 0;
    double all = 1e-9;
    byte[] rgb = image.rgb();
    for (int i = 0; i < rgb.length; i++) {
      all += rgb[i] & 255;
      red += i % 3 == 0 ? rgb[i] & 255 : 0;
    }
    return red / all;
  }

  /**
   * A guide picks among candidate latents: accepted images have the property it asked for and come
   * from the try it records, the rest keep their own latent, and the choice is the same every time.
   */
  @Test
  void aGuideChoosesAmongCandidateLatentsDeterministically() {
    List<GenerationPipeline.Rendered> plain;
    try (GenerationPipeline p = pipeline(4, "none")) {
      plain = p.render(5, "g", 0, 8);
    }
    double[] shares = plain.stream().mapToDouble(r -> redShare(r.sizes()[0])).sorted().toArray();
    double threshold = shares[6]; // only the two reddest of the unguided images pass
    LatentGuide guide = new LatentGuide() {
      @Override
      public boolean[] accept(List<org.nftgen.image.RgbImage> candidates) {
        boolean[] ok = new boolean[candidates.size()];
        for (int i = 0; i < ok.length; i++) {
          ok[i] = redShare(candidates.get(i)) >= threshold;
        }
        return ok;
      }

      @Override
      public int maxTries() {
        return 12;
      }
    };
    List<GenerationPipeline.Rendered> guided;
    List<GenerationPipeline.Rendered> again;
    try (GenerationPipeline p = pipeline(4, "none").withGuide(guide)) {
      guided = p.render(5, "g", 0, 8);
    }
    try (GenerationPipeline p = pipeline(4, "none").withGuide(guide)) {
      again = p.render(5, "g", 0, 8);
    }
    int accepted = 0;
    for (int k = 0; k < 8; k++) {
      GenerationPipeline.Rendered r = guided.get(k);
      assertEquals(again.get(k).latentSeed(), r.latentSeed());
      assertArrayEquals(again.get(k).sizes()[2].rgb(), r.sizes()[2].rgb());
      if (r.accepted()) {
        accepted++;
        assertTrue(redShare(r.sizes()[0]) >= threshold - 1e-9, "image " + k + " is as asked");
        long expected = r.tries() == 0 ? ImageSeeds.latentSeed(5, "g", k) : ImageSeeds.candidateSeed(5, "g", k, r.tries());
        assertEquals(expected, r.latentSeed(), "image " + k + " took try " + r.tries());
      } else {
        assertEquals(12, r.tries());
        assertEquals(plain.get(k).latentSeed(), r.latentSeed(), "an unsatisfied image keeps its own latent");
      }
    }
    assertTrue(accepted > 2, "candidates found more than the unguided two: " + accepted);
  }
}
