package org.nftgen.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nftgen.averaging.TrainSettings;
import org.nftgen.averaging.TrainingRun;
import org.nftgen.config.SettingsException;
import org.nftgen.config.SettingsReader;
import org.nftgen.data.DatasetReader;
import org.nftgen.data.TraitLabels;
import org.nftgen.dcgan.DcganModels;
import org.nftgen.dcgan.DcganSettings;
import org.nftgen.denoise.DenoiseSettings;
import org.nftgen.denoise.Denoiser;
import org.nftgen.gan.GanState;
import org.nftgen.gan.GanStep;
import org.nftgen.gan.TraitCondition;
import org.nftgen.image.ImageGrid;
import org.nftgen.image.Pixels;
import org.nftgen.image.PngCodec;
import org.nftgen.image.RgbImage;
import org.nftgen.io.HadoopFiles;
import org.nftgen.io.Json;
import org.nftgen.metrics.eval.Calibration;
import org.nftgen.metrics.eval.CalibrationOutputs;
import org.nftgen.metrics.eval.EvaluateSettings;
import org.nftgen.metrics.eval.Evaluation;
import org.nftgen.metrics.eval.Yardstick;
import org.nftgen.metrics.eval.YardstickSettings;
import org.nftgen.metrics.eval.YardstickStore;
import org.nftgen.run.ModelPin;
import org.nftgen.run.RunFolder;
import org.nftgen.run.StateCodec;
import org.nftgen.run.VerifiedCheckpoint;
import org.nftgen.traits.TraitClassifier;
import org.nftgen.traits.TraitFidelity;
import scala.Tuple2;

/**
 * {@code evaluate}: measures a trained model. SRGAN runs go to {@link SrganEvaluation}, blend runs to
 * {@link BlendEvaluation} (which job made a run is in its saved config.conf); DCGAN runs are measured here.
 *
 * <p>DCGAN: measures a trained DCGAN against the images its run held out. Takes a run
 * folder (its newest checkpoint) or one checkpoint folder; reads the run's saved config for the
 * dataset and the model. Writes {@code evaluation.json} (kid, fid, precision, recall,
 * backgroundPurity, copyRate, and the same for an untrained generator under {@code baseline}) and
 * {@code nearest.png}: generated samples, each beside its nearest training image. Unless
 * {@code nftgen.denoise.method} is {@code none}, the same metrics of the denoised samples (what the
 * generation pipeline delivers at 64 px) go under {@code denoised}.
 */
public final class EvaluateJob {
  static final JobCli CLI = JobCli.of("evaluate", "Evaluates a trained generator against held-out images.")
      .flag("--input", "nftgen.evaluate.input", "a run folder or one of its checkpoints")
      .flag("--output", "nftgen.evaluate.output", "folder for evaluation.json and nearest.png")
      .flag("--generator-sha256", "nftgen.evaluate.generator-sha256",
          "the SHA-256 of the checkpoint's state.bin, or a batch's manifest.json: refuse any other model")
      .flag("--traits-classifier", "nftgen.evaluate.traits-classifier",
          "a train-traits run: also measure how the samples' predicted traits match the collection's rarities")
      .toggle("--calibrate", "nftgen.evaluate.calibrate",
          "run the yardstick's calibration suite again and write calibration.json, .md and .png");

  /** Where to read and write, and the evaluation's own settings. */
  public record Settings(String input, String output, EvaluateSettings evaluate, YardstickSettings yardstick,
      String traitsClassifier, double traitTrustedAccuracy, String generatorSha256, Sheets sheets) {
    static Settings from(Config config) {
      SettingsReader r = new SettingsReader(config, "nftgen.evaluate");
      return new Settings(r.requiredString("input", "pass --input run folder or checkpoint"),
          r.requiredString("output", "pass --output folder"), EvaluateSettings.from(config),
          YardstickSettings.from(config), r.string("traits-classifier").trim(),
          r.doubleValue("trait-trusted-accuracy", 0, 1), ModelPin.checkForm(r.string("generator-sha256"),
              r.key("generator-sha256")), new Sheets(r.intValue("sheet-cell", 8, 1024),
              r.intValue("nearest-pairs", 1, 256), r.intValue("upscale-batch", 1, 1024)));
    }
  }

  /** Sizes of evaluate's contact sheets and of its SRGAN batches ({@code nftgen.evaluate}). */
  record Sheets(int cell, int nearestPairs, int upscaleBatch) {}

  private EvaluateJob() {}

  public static void main(String[] args) {
    JobMain.execute(CLI, args, Settings::from, EvaluateJob::run);
  }

  public static ObjectNode run(Settings settings, Config config) {
    SparkRuntime runtime = SparkRuntime.start("evaluate", config);
    Configuration conf = runtime.hadoop();
    Path input = runtime.qualify(settings.input());
    // The run's own settings (which job, dataset, split and model), read once.
    Config runConfig = RunFolder.savedConfig(RunFolder.of(input), conf);
    String job = runConfig.getString(RunFolder.JOB_KEY);
    if (job.equals(PrepareJob.JOB)) {
      return calibrateDataset(runtime, input, runtime.qualify(settings.output()), settings, config);
    }
    if (job.equals(TrainSrganJob.JOB)) {
      return SrganEvaluation.run(runtime, input, runtime.qualify(settings.output()), settings.evaluate().samples(),
          settings.sheets().upscaleBatch(), config);
    }
    // The checkpoint's files are checked against their recorded SHA-256, as generate does.
    VerifiedCheckpoint checkpoint = VerifiedCheckpoint.load(input, conf);
    try {
      ModelPin.of(settings.generatorSha256(), "nftgen.evaluate.generator-sha256", conf)
          .check("model at " + input, checkpoint.sha256().get(TrainingRun.STATE));
    } catch (VerifiedCheckpoint.TamperedException e) {
      throw new JobFailedException(e.getMessage());
    }
    TrainSettings train = TrainSettings.from(runConfig);
    DcganSettings model = org.nftgen.generate.TrainedGenerator.settings(runConfig, checkpoint);
    EvaluateSettings eval = settings.evaluate();
    GanState state = StateCodec.decode(checkpoint.file(TrainingRun.STATE), GanState.class);
    ObjectNode result = Json.object();
    result.put("checkpoint", checkpoint.folder());
    result.put("round", checkpoint.round());
    Path outDir = runtime.qualify(settings.output());
    if (job.equals(TrainBlendJob.JOB)) {
      BlendEvaluation.evaluate(result, runtime, runConfig, state, outDir, eval, settings.sheets().cell());
      return writeResult(outDir, result, conf);
    }

    Path dataset = runtime.qualify(train.input());
    long total = DatasetReader.count(DatasetReader.manifest(dataset, conf));
    long trainCount = train.trainingImages(total);
    if (trainCount >= total) {
      throw new SettingsException("The run held out no images (nftgen.train.holdout-fraction = "
          + train.holdoutFraction() + "); there is nothing to evaluate against");
    }
    List<RgbImage> heldOut = load(runtime, dataset, model.resolution(), trainCount, total, eval.samples());
    List<RgbImage> training = load(runtime, dataset, model.resolution(), 0, trainCount, Integer.MAX_VALUE);
    int n = heldOut.size();

    result.put("samples", n);
    result.put("trainingImages", training.size());
    Yardstick yardstick = Yardstick.open(dataset, YardstickStore.datasetIdentity(dataset, conf), heldOut, training, eval,
        settings.yardstick(), conf);
    if (yardstick.report() != null && settings.yardstick().calibrate()) {
      CalibrationOutputs.write(outDir, yardstick.report(), conf);
    }
    // A conditional model's samples are made for traits drawn from the collection's rarities.
    int[][] sampleTraits = model.conditional() ? drawTraits(model.conditions(), n, eval.featureSeed()) : null;
    try (GanStep trained = DcganModels.newGan(model); GanStep untrained = DcganModels.newGan(model)) {
      trained.restore(state);
      List<RgbImage> generated = generate(trained, n, eval, model.conditions(), sampleTraits);
      Evaluation.Result r = yardstick.measure(generated, heldOut, training);
      put(result, r);
      Evaluation.Result base = yardstick.measure(generate(untrained, n, eval, model.conditions(), sampleTraits),
          heldOut, training);
      put(result.putObject("baseline"), base);
      result.put("kidRatioToBaseline", r.kid() / base.kid());
      result.put("realBackgroundPurity", org.nftgen.metrics.eval.BackgroundPurity.fraction(heldOut,
          eval.borderWidth(), eval.purityTolerance(), eval.purityOutliers()));
      // How often a new, real image counts as a copy: the copy rate's floor on this collection.
      result.put("realCopyRate", org.nftgen.metrics.eval.CopyRate.compute(heldOut, training, eval.featureSide(),
          eval.copyThreshold()).rate());
      result.set("calibrated", yardstick.calibrated());
      result.set("calibration", yardstick.calibration().has("skipped") ? yardstick.calibration()
          : summary(yardstick.calibration()));
      if (!settings.traitsClassifier().isEmpty()) {
        TraitClassifier classifier = TraitClassifier.load(runtime.qualify(settings.traitsClassifier()), conf);
        if (classifier.settings().resolution() != model.resolution()) {
          throw new SettingsException("The trait classifier at " + settings.traitsClassifier() + " reads "
              + classifier.settings().resolution() + " px images; this generator makes " + model.resolution() + " px");
        }
        ObjectNode traits = TraitFidelity.of(classifier, generated, heldOut, eval.featureBatch());
        result.set("traits", traits);
        System.out.printf("evaluate: trait rarities: max TVD %.3f over %d types (held-out real %s)%n",
            traits.get("maxTvd").asDouble(), classifier.labels().types().size(), realTvds(traits));
        if (model.conditional()) {
          ObjectNode fidelity = TraitFidelity.conditional(classifier, generated, model.conditions(), sampleTraits,
              classifier.heldOutAccuracy(conf), settings.traitTrustedAccuracy(), eval.featureBatch());
          traits.set("fidelity", fidelity);
          System.out.printf("evaluate: trait fidelity (classifier sees the traits asked for): %s%n",
              fidelitySummary(fidelity));
        }
      }
      writeNearest(outDir, generated, training, r, settings.sheets(), conf);
      CalibrationOutputs.writeRealness(outDir, generated, r.realness(), conf);
      DenoiseSettings denoise = DenoiseSettings.from(config);
      if (!denoise.method().equals("none")) {
        // What the generation pipeline delivers at 64 px: the generator's images after denoising.
        Denoiser denoiser = new Denoiser(denoise);
        List<RgbImage> cleaned = generated.stream().map(denoiser::denoise).toList();
        ObjectNode d = result.putObject("denoised");
        put(d, yardstick.measure(cleaned, heldOut, training));
        d.put("method", denoise.method()).put("h", denoise.h()).put("hColor", denoise.hColor());
      }
    } catch (Exception e) {
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
    System.out.printf("evaluate: round %d, %d samples: C2ST %.3f (untrained %.3f), KID %.5f (untrained %.5f), "
        + "FID %.3f, precision %.3f, recall %.3f, sharpness %.2f, colours %.2f, background purity %.3f, "
        + "copy rate %.3f%n", checkpoint.round(), n,
        result.get("c2st").asDouble(), result.get("baseline").get("c2st").asDouble(),
        result.get("kid").asDouble(), result.get("baseline").get("kid").asDouble(), result.get("fid").asDouble(),
        result.get("precision").asDouble(), result.get("recall").asDouble(), result.get("sharpness").asDouble(),
        result.get("colours").asDouble(), result.get("backgroundPurity").asDouble(), result.get("copyRate").asDouble());
    System.out.printf("evaluate: calibrated metrics: %s%n", result.get("calibrated"));
    return writeResult(outDir, result, conf);
  }

  /**
   * {@code evaluate --input DATASET}: the yardstick's calibration on a prepared dataset alone, with
   * the split and resolution of the given configuration (no trained model needed).
   */
  private static ObjectNode calibrateDataset(SparkRuntime runtime, Path dataset, Path outDir, Settings settings,
      Config config) {
    Configuration conf = runtime.hadoop();
    // The split of a training run on this dataset (its input and output keys are a run's, not ours).
    TrainSettings train = TrainSettings.from(config
        .withValue("nftgen.train.input", ConfigValueFactory.fromAnyRef(dataset.toString()))
        .withValue("nftgen.train.output", ConfigValueFactory.fromAnyRef(outDir.toString())));
    int side = DcganSettings.from(config).resolution();
    long total = DatasetReader.count(DatasetReader.manifest(dataset, conf));
    long trainCount = train.trainingImages(total);
    List<RgbImage> heldOut = load(runtime, dataset, side, trainCount, total, settings.evaluate().samples());
    List<RgbImage> training = load(runtime, dataset, side, 0, trainCount, Integer.MAX_VALUE);
    if (heldOut.size() < Yardstick.MIN_CALIBRATION_IMAGES) {
      throw new SettingsException("The dataset " + dataset + " holds out " + heldOut.size() + " images at "
          + "nftgen.train.holdout-fraction = " + train.holdoutFraction() + "; the calibration needs at least "
          + Yardstick.MIN_CALIBRATION_IMAGES);
    }
    Yardstick yardstick = Yardstick.open(dataset, YardstickStore.datasetIdentity(dataset, conf), heldOut, training,
        settings.evaluate(), settings.yardstick().withCalibrate(true), conf);
    CalibrationOutputs.write(outDir, yardstick.report(), conf);
    ObjectNode result = Json.object();
    result.put("dataset", dataset.toString());
    result.put("side", side);
    result.set("calibrated", yardstick.calibrated());
    result.set("calibration", summary(yardstick.calibration()));
    System.out.printf("evaluate: calibration of %s at %d px: %s%n%s", dataset, side, yardstick.calibrated(),
        Calibration.toMarkdown(yardstick.report()));
    return writeResult(outDir, result, conf);
  }

  private static ObjectNode writeResult(Path outDir, ObjectNode result, Configuration conf) {
    Path out = new Path(outDir, "evaluation.json");
    HadoopFiles.writeString(out, Json.pretty(result), conf);
    System.out.printf("evaluate: wrote %s%n", out);
    return result;
  }

  private static void put(ObjectNode o, Evaluation.Result r) {
    o.put("kid", r.kid()).put("kidStd", r.kidStd()).put("fid", r.fid()).put("precision", r.precision())
        .put("recall", r.recall()).put("c2st", r.c2st()).put("sharpness", r.sharpness()).put("colours", r.colours())
        .put("backgroundPurity", r.backgroundPurity()).put("copyRate", r.copyRate())
        .put("features", r.features());
  }

  /** The calibration's verdicts and each metric's value on real images and on the worst damage. */
  private static ObjectNode summary(JsonNode calibration) {
    ObjectNode out = Json.object();
    out.put("features", calibration.path("features").asText());
    out.put("samples", calibration.path("samples").asInt());
    ObjectNode metrics = out.putObject("metrics");
    calibration.path("metrics").fields().forEachRemaining(e -> {
      ObjectNode m = metrics.putObject(e.getKey());
      m.put("passed", e.getValue().path("passed").asBoolean());
      m.set("real", e.getValue().path("values").path("real"));
      m.set("failed", Json.mapper().valueToTree(failedChecks(e.getValue())));
    });
    return out;
  }

  private static List<String> failedChecks(JsonNode metric) {
    List<String> failed = new ArrayList<>();
    for (JsonNode check : metric.path("checks")) {
      if (!check.path("passed").asBoolean()) {
        failed.add(check.path("check").asText());
      }
    }
    return failed;
  }

  private static String realTvds(ObjectNode traits) {
    StringBuilder sb = new StringBuilder();
    traits.get("types").fields().forEachRemaining(e -> sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey())
        .append(' ').append(e.getValue().get("tvd").asDouble()).append(" vs ").append(e.getValue().get("realTvd")
        .asDouble()));
    return sb.toString();
  }

  static List<RgbImage> load(SparkRuntime runtime, Path dataset, int side, long from, long to, int limit) {
    List<Tuple2<Long, byte[]>> rows = new ArrayList<>(
        DatasetReader.images(runtime.session(), dataset, side, from, to).collect());
    rows.sort(Comparator.comparing(Tuple2::_1));
    List<RgbImage> images = new ArrayList<>();
    for (Tuple2<Long, byte[]> row : rows.subList(0, Math.min(limit, rows.size()))) {
      images.add(new RgbImage(side, side, row._2()));
    }
    return images;
  }

  /**
   * {@code n} images from a fixed, seeded set of latents, in batches of the feature batch size; for
   * a conditional model ({@code conditions} not null) image i is made for {@code traits[i]}.
   */
  static List<RgbImage> generate(GanStep gan, int n, EvaluateSettings eval, TraitLabels conditions, int[][] traits) {
    List<RgbImage> images = new ArrayList<>();
    long[] rng = org.nftgen.dcgan.DcganTrainer.rngStates(eval.featureSeed());
    GanState s = gan.snapshot();
    gan.restore(s.withRng(rng[0], rng[1]));
    while (images.size() < n) {
      int from = images.size();
      int batch = Math.min(eval.featureBatch(), n - from);
      INDArray z = gan.sampleLatents(batch);
      INDArray condition = conditions == null ? null
          : TraitCondition.oneHot(conditions, java.util.Arrays.copyOfRange(traits, from, from + batch));
      images.addAll(Pixels.toImages(gan.sampler().output(TraitCondition.generatorInput(z, condition, conditions), false)));
    }
    return images;
  }

  /** Traits for {@code n} samples, drawn from the collection's rarity table, seeded. */
  static int[][] drawTraits(TraitLabels conditions, int n, long seed) {
    int[][] out = new int[n][];
    for (int i = 0; i < n; i++) {
      out[i] = TraitCondition.draw(conditions, seed * 0x9E3779B97F4A7C15L + i, null);
    }
    return out;
  }

  private static String fidelitySummary(ObjectNode fidelity) {
    StringBuilder b = new StringBuilder();
    fidelity.get("types").fields().forEachRemaining(e -> b.append(b.length() == 0 ? "" : ", ").append(e.getKey())
        .append(' ').append(e.getValue().get("accuracy").asDouble()).append(e.getValue().get("trusted").asBoolean()
            ? "" : " (untrusted)"));
    return b.toString();
  }

  /** Up to {@code nearest-pairs} generated images, each followed by its nearest training image. */
  private static void writeNearest(Path out, List<RgbImage> generated, List<RgbImage> training, Evaluation.Result r,
      Sheets sheets, Configuration conf) {
    List<RgbImage> pairs = new ArrayList<>();
    for (int i = 0; i < Math.min(sheets.nearestPairs(), generated.size()); i++) {
      pairs.add(generated.get(i));
      pairs.add(training.get(r.nearestTrainingIndex()[i]));
    }
    HadoopFiles.writeAtomically(new Path(out, "nearest.png"), PngCodec.encode(ImageGrid.of(pairs, 8, sheets.cell())),
        conf);
  }
}
