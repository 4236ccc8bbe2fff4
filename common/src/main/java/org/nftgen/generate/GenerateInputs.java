package org.nftgen.generate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.nftgen.averaging.TrainSettings;
import org.nftgen.config.SettingsException;
import org.nftgen.data.TraitLabels;
import org.nftgen.io.HadoopFiles;
import org.nftgen.io.Json;
import org.nftgen.mint.TokenMetadata;
import org.nftgen.run.CheckpointStore;
import org.nftgen.run.JobFailedException;
import org.nftgen.run.ModelPin;
import org.nftgen.run.TrainedRun;
import org.nftgen.run.VerifiedCheckpoint;
import org.nftgen.traits.TraitClassifier;
import org.nftgen.traits.TraitRequest;
import org.nftgen.traits.TraitRequestFile;

/**
 * What a generate run reads and checks before Spark starts: the models (each verified against its
 * recorded SHA-256, the generator against its pin) and the traits asked for (against the conditional
 * generator's conditions or the classifier's labels). A wrong path, a tampered model or an unknown
 * trait fails here, before an executor is asked for and before an existing batch is touched.
 *
 * @param generatorTraining the generator's run's training settings (its dataset and split: novelty's reference)
 * @param sides the batch's image sides: the generator's, 2x and 4x
 * @param models how the manifest describes the models
 * @param plan a conditional generator's traits per image, else null
 * @param request an unconditional generator's requested traits (tried with the classifier), else null
 * @param requestsSha256 the SHA-256 of the per-image requests file, or "" (part of the chunks' fingerprint)
 */
public record GenerateInputs(TrainedGenerator generator, TrainSettings generatorTraining, UpscalerSource upscaler,
    TraitClassifier classifier, int[] sides,
    ObjectNode models, TraitPlan plan, TraitRequest request, String requestsSha256) {

  private static final String TRAITS = "nftgen.generate.traits";
  private static final String TRAITS_FILE = "nftgen.generate.traits-file";

  public static GenerateInputs read(GenerateSettings s, Configuration conf) {
    TrainedGenerator generator;
    TrainSettings generatorTraining;
    UpscalerSource upscaler;
    TraitClassifier classifier;
    ModelPin pin = ModelPin.of(s.generatorSha256(), "nftgen.generate.generator-sha256", conf);
    try {
      TrainedRun run = TrainedRun.open(HadoopFiles.qualify(s.generator(), conf), conf, TrainedGenerator.KINDS);
      generator = TrainedGenerator.of(run);
      generatorTraining = TrainSettings.from(run.config());
      pin.check("generator at " + s.generator(), generator.sha256().get(CheckpointStore.STATE));
      upscaler = upscaler(s, conf);
      classifier = s.traitsClassifier().isEmpty() ? null
          : TraitClassifier.load(HadoopFiles.qualify(s.traitsClassifier(), conf), conf);
    } catch (VerifiedCheckpoint.TamperedException e) {
      throw new JobFailedException(e.getMessage());
    }
    int base = generator.settings().resolution();
    int[] sides = {base, base * 2, base * 4};
    TokenMetadata.checkImageUri(s.mint(), sides[2]);
    if (classifier != null && Arrays.stream(sides).noneMatch(side -> side == classifier.settings().resolution())) {
      throw new SettingsException("The trait classifier at " + s.traitsClassifier() + " reads "
          + classifier.settings().resolution() + " px images; this batch has " + Arrays.toString(sides));
    }
    ObjectNode models = Json.object();
    models.set("generator", generator.describe().put("pinned", pin.pinned()));
    models.set("upscaler", upscaler.describe());
    if (classifier != null) {
      models.set("traits", classifier.describe());
    }

    TraitLabels conditions = generator.conditions();
    if (!s.traits().isEmpty() && conditions == null && classifier == null) {
      throw new SettingsException("Setting '" + TRAITS + "' needs a conditional generator (train-dcgan with "
          + "nftgen.dcgan.conditional = true) or 'nftgen.generate.traits-classifier': the trait classifier that tells "
          + "which images of an unconditional one show them");
    }
    if (!s.traitsFile().isEmpty() && conditions == null) {
      throw new SettingsException("Setting '" + TRAITS_FILE + "' needs a conditional generator (train-dcgan with "
          + "nftgen.dcgan.conditional = true); the one at " + s.generator() + " is unconditional");
    }
    // A conditional generator makes each image for its traits: the requested ones, the rest drawn
    // from the collection's rarities.
    TraitPlan plan = null;
    String requestsSha256 = "";
    if (conditions != null) {
      int[] fixed = TraitRequest.resolve(s.traits(), conditions, "Setting '" + TRAITS + "'",
          "the conditional generator").classes();
      int[][] perImage = null;
      if (!s.traitsFile().isEmpty()) {
        byte[] bytes = readRequests(s.traitsFile(), s.traitsFileMaxBytes(), conf);
        requestsSha256 = CheckpointStore.sha256(bytes);
        perImage = resolveRequests(s.traitsFile(), bytes, conditions, s.count());
      }
      plan = new RarityPlan(conditions, fixed, perImage);
    }
    TraitRequest request = null;
    if (!s.traits().isEmpty() && classifier != null) {
      // With a classifier too, candidates are tried until it sees the requested traits.
      request = TraitRequest.resolve(s.traits(), classifier.labels(), "Setting '" + TRAITS + "'",
          "the trait classifier");
      if (classifier.settings().resolution() != base) {
        throw new SettingsException("Setting '" + TRAITS + "' needs a trait classifier of the generator's " + base
            + " px; the one at " + s.traitsClassifier() + " reads " + classifier.settings().resolution() + " px");
      }
    }
    return new GenerateInputs(generator, generatorTraining, upscaler, classifier, sides, models, plan, request,
        requestsSha256);
  }

  /**
   * The upscaler: bicubic when none is given; otherwise one train-srgan run folder or checkpoint, or
   * two separated by a comma (a 2x and a 4x model: each size then comes from its own model). Their
   * files are verified against their recorded SHA-256 like the generator's.
   */
  private static UpscalerSource upscaler(GenerateSettings s, Configuration conf) {
    if (s.upscaler().isBlank()) {
      return new BicubicUpscaler(s.bicubicFactor());
    }
    List<TrainedUpscaler> models = new java.util.ArrayList<>();
    for (String path : s.upscaler().split(",")) {
      models.add(TrainedUpscaler.load(HadoopFiles.qualify(path.trim(), conf), conf));
    }
    if (models.size() == 1) {
      return models.get(0);
    }
    models.sort(java.util.Comparator.comparingInt(TrainedUpscaler::factor));
    if (models.size() != 2 || models.get(0).factor() != 2 || models.get(1).factor() != 4) {
      throw new SettingsException("Setting 'nftgen.generate.upscaler' = '" + s.upscaler() + "' must name one SRGAN "
          + "run, or a 2x and a 4x run separated by a comma; got factors "
          + models.stream().map(m -> m.factor() + "x").toList());
    }
    return new UpscalerPair(models.get(0), models.get(1));
  }

  private static byte[] readRequests(String file, long maxBytes, Configuration conf) {
    try {
      return HadoopFiles.readAll(HadoopFiles.qualify(file, conf), maxBytes, conf);
    } catch (UncheckedIOException e) {
      throw new SettingsException("Setting '" + TRAITS_FILE + "': " + e.getMessage());
    }
  }

  /** Each image's requested classes; the file must have one request per image of the batch. */
  static int[][] resolveRequests(String file, byte[] bytes, TraitLabels conditions, long count) {
    List<Map<String, String>> requests = TraitRequestFile.parse(file, bytes);
    if (requests.size() != count) {
      throw new SettingsException("The trait requests file " + file + " has " + requests.size() + " requests, one "
          + "per image, but nftgen.generate.count is " + count + ": pass --count " + requests.size());
    }
    int[][] perImage = new int[requests.size()][];
    for (int i = 0; i < perImage.length; i++) {
      perImage[i] = TraitRequest.resolve(requests.get(i), conditions, TraitRequestFile.where(file, i),
          "the conditional generator").classes();
    }
    return perImage;
  }
}
