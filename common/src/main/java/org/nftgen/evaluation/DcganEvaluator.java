package org.nftgen.evaluation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nftgen.averaging.TrainSettings;
import org.nftgen.config.SettingsException;
import org.nftgen.dcgan.DcganModels;
import org.nftgen.dcgan.DcganSettings;
import org.nftgen.denoise.CollectionPalette;
import org.nftgen.denoise.DenoiseSettings;
import org.nftgen.denoise.Denoiser;
import org.nftgen.denoise.PaletteSettings;
import org.nftgen.denoise.PixelGrid;
import org.nftgen.denoise.PixelGridSettings;
import org.nftgen.gan.GanState;
import org.nftgen.gan.GanStep;
import org.nftgen.generate.TrainedGenerator;
import org.nftgen.image.RgbImage;
import org.nftgen.io.Json;
import org.nftgen.io.ProgressLog;
import org.nftgen.metrics.eval.BackgroundPurity;
import org.nftgen.metrics.eval.CalibrationOutputs;
import org.nftgen.metrics.eval.CopyRate;
import org.nftgen.metrics.eval.EvaluateSettings;
import org.nftgen.metrics.eval.Evaluation;
import org.nftgen.metrics.eval.Yardstick;
import org.nftgen.metrics.eval.YardstickStore;
import org.nftgen.run.CheckpointStore;
import org.nftgen.run.ModelPin;
import org.nftgen.run.StateCodec;
import org.nftgen.run.VerifiedCheckpoint;
import org.nftgen.traits.TraitClassifier;
import org.nftgen.traits.TraitFidelity;

/**
 * {@code evaluate} on a {@code train-dcgan} run: the trained generator against the images its run
 * held out, on the calibrated yardstick, beside an untrained generator of the same shape
 * ({@code baseline}). Writes {@code evaluation.json} (kid, fid, precision, recall, c2st, sharpness,
 * colours, backgroundPurity, copyRate; the same under {@code baseline}, and under {@code denoised}
 * for the samples after {@code nftgen.denoise}, what the generation pipeline delivers at 64 px),
 * {@code nearest.png} (each sample beside its nearest training image) and the per-sample realness
 * CSV; with a trait classifier also how the samples' traits match the collection's.
 */
final class DcganEvaluator {
  private DcganEvaluator() {}

  static ObjectNode evaluate(EvaluationContext c) {
    Configuration conf = c.conf();
    EvaluationRequest request = c.request();
    VerifiedCheckpoint checkpoint = c.run().checkpoint();
    ModelPin.of(request.generatorSha256(), "nftgen.evaluate.generator-sha256", conf)
        .check("model at " + c.run().input(), checkpoint.sha256().get(CheckpointStore.STATE));
    DcganSettings model = TrainedGenerator.settings(c.run().config(), checkpoint);
    EvaluateSettings eval = request.evaluate();
    GanState state = StateCodec.decode(checkpoint.file(CheckpointStore.STATE), GanState.class);
    ObjectNode result = Json.object();
    result.put("checkpoint", checkpoint.folder());
    result.put("round", checkpoint.round());
    Path outDir = c.output();

    TrainSettings train = TrainSettings.from(c.run().config());
    Path dataset = c.qualify(train.input());
    HeldOut split = HeldOut.of(dataset, train, conf);
    List<RgbImage> heldOut = split.heldOut(c.session(), model.resolution(), eval.samples());
    List<RgbImage> training = split.training(c.session(), model.resolution());
    int n = heldOut.size();

    result.put("samples", n);
    result.put("trainingImages", training.size());
    Yardstick yardstick = Yardstick.open(dataset, YardstickStore.datasetIdentity(dataset, conf), heldOut, training,
        eval, request.yardstick(), conf);
    if (yardstick.report() != null && request.yardstick().calibrate()) {
      CalibrationOutputs.write(outDir, yardstick.report(), request.sheets().columns(), request.sheets().cell(),
          conf);
    }
    // A conditional model's samples are made for traits drawn from the collection's rarities.
    int[][] sampleTraits = model.conditional() ? Samples.drawTraits(model.conditions(), n, eval.featureSeed()) : null;
    try (GanStep trained = DcganModels.newGan(model); GanStep untrained = DcganModels.newGan(model)) {
      trained.restore(state);
      List<RgbImage> generated = Samples.generate(trained, n, eval, model.conditions(), sampleTraits);
      Evaluation.Result r = yardstick.measure(generated, heldOut, training);
      EvaluationOutputs.put(result, r);
      Evaluation.Result base = yardstick.measure(Samples.generate(untrained, n, eval, model.conditions(),
          sampleTraits), heldOut, training);
      EvaluationOutputs.put(result.putObject("baseline"), base);
      result.put("kidRatioToBaseline", r.kid() / base.kid());
      result.put("realBackgroundPurity", BackgroundPurity.fraction(heldOut, eval.borderWidth(),
          eval.purityTolerance(), eval.purityOutliers()));
      // How often a new, real image counts as a copy: the copy rate's floor on this collection.
      result.put("realCopyRate", CopyRate.compute(heldOut, training, eval.featureSide(), eval.copyThreshold()).rate());
      result.set("calibrated", yardstick.calibrated());
      result.set("calibration", yardstick.calibration().has("skipped") ? yardstick.calibration()
          : EvaluationOutputs.calibrationSummary(yardstick.calibration()));
      if (!request.traitsClassifier().isEmpty()) {
        result.set("traits", traits(c, model, generated, heldOut, sampleTraits));
      }
      EvaluationOutputs.writeNearest(outDir, generated, training, r.nearestTrainingIndex(), request.sheets(), conf);
      CalibrationOutputs.writeRealness(outDir, generated, r.realness(), request.sheets().columns(),
          request.sheets().cell(), conf);
      DenoiseSettings denoise = DenoiseSettings.from(c.config());
      PaletteSettings paletteSettings = PaletteSettings.from(c.config());
      // The palette generate takes from the same training images (CollectionPalette: flat art only).
      CollectionPalette palette = paletteSettings.enabled() ? CollectionPalette.of(training, paletteSettings) : null;
      PixelGridSettings gridSettings = PixelGridSettings.from(c.config());
      PixelGrid grid = gridSettings.enabled() ? PixelGrid.detect(training, gridSettings) : null;
      Denoiser denoiser = new Denoiser(denoise, paletteSettings.applied(palette, grid), grid);
      if (!denoise.method().equals("none") || denoiser.snaps() || denoiser.onGrid()) {
        // What the generation pipeline delivers at 64 px: the generator's images after denoising.
        List<RgbImage> cleaned = generated.stream().map(denoiser::denoise).toList();
        ObjectNode d = result.putObject("denoised");
        Evaluation.Result dr = yardstick.measure(cleaned, heldOut, training);
        EvaluationOutputs.put(d, dr);
        d.put("method", denoise.method()).put("h", denoise.h()).put("hColor", denoise.hColor());
        ObjectNode p = d.putObject("palette").put("mode", paletteSettings.mode()).put("snapped", denoiser.snaps());
        if (palette != null) {
          p.setAll(palette.describe());
        }
        ObjectNode g = d.putObject("pixelGrid").put("mode", gridSettings.mode());
        if (grid != null) {
          g.setAll(grid.describe());
        }
        EvaluationOutputs.writeNearest(outDir, "denoised-nearest.png", cleaned, training, dr.nearestTrainingIndex(),
            request.sheets(), conf);
        ProgressLog.format("evaluate: %s%s: C2ST %.3f, KID %.5f, recall %.3f, sharpness %.2f, colours %.2f",
            denoiser.onGrid() ? "averaged onto the collection's " + grid.cells() + "-cell pixel grid" : "denoised",
            denoiser.snaps() ? " and snapped to the collection's " + palette.size() + " colours" : "",
            d.get("c2st").asDouble(), d.get("kid").asDouble(), d.get("recall").asDouble(),
            d.get("sharpness").asDouble(), d.get("colours").asDouble());
      }
    } catch (Exception e) {
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
    ProgressLog.format("evaluate: round %d, %d samples: C2ST %.3f (untrained %.3f), KID %.5f (untrained %.5f), "
        + "FID %.3f, precision %.3f, recall %.3f, sharpness %.2f, colours %.2f, background purity %.3f, "
        + "copy rate %.3f", checkpoint.round(), n,
        result.get("c2st").asDouble(), result.get("baseline").get("c2st").asDouble(),
        result.get("kid").asDouble(), result.get("baseline").get("kid").asDouble(), result.get("fid").asDouble(),
        result.get("precision").asDouble(), result.get("recall").asDouble(), result.get("sharpness").asDouble(),
        result.get("colours").asDouble(), result.get("backgroundPurity").asDouble(), result.get("copyRate").asDouble());
    ProgressLog.line("evaluate: calibrated metrics: " + result.get("calibrated"));
    return EvaluationOutputs.write(outDir, result, conf);
  }

  /** How the samples' traits, as a trained classifier sees them, match the collection's. */
  private static ObjectNode traits(EvaluationContext c, DcganSettings model, List<RgbImage> generated,
      List<RgbImage> heldOut, int[][] sampleTraits) {
    EvaluationRequest request = c.request();
    TraitClassifier classifier = TraitClassifier.load(c.qualify(request.traitsClassifier()), c.conf());
    if (classifier.settings().resolution() != model.resolution()) {
      throw new SettingsException("The trait classifier at " + request.traitsClassifier() + " reads "
          + classifier.settings().resolution() + " px images; this generator makes " + model.resolution() + " px");
    }
    int batch = request.evaluate().featureBatch();
    ObjectNode traits = TraitFidelity.of(classifier, generated, heldOut, batch);
    StringBuilder tvds = new StringBuilder();
    traits.get("types").fields().forEachRemaining(e -> tvds.append(tvds.length() == 0 ? "" : ", ").append(e.getKey())
        .append(' ').append(e.getValue().get("tvd").asDouble()).append(" vs ")
        .append(e.getValue().get("realTvd").asDouble()));
    ProgressLog.format("evaluate: trait rarities: max TVD %.3f over %d types (held-out real %s)",
        traits.get("maxTvd").asDouble(), classifier.labels().types().size(), tvds);
    if (model.conditional()) {
      ObjectNode fidelity = TraitFidelity.conditional(classifier, generated, model.conditions(), sampleTraits,
          classifier.heldOutAccuracy(c.conf()), request.traitTrustedAccuracy(), batch);
      traits.set("fidelity", fidelity);
      StringBuilder b = new StringBuilder();
      fidelity.get("types").fields().forEachRemaining(e -> b.append(b.length() == 0 ? "" : ", ").append(e.getKey())
          .append(' ').append(e.getValue().get("accuracy").asDouble())
          .append(e.getValue().get("trusted").asBoolean() ? "" : " (untrusted)"));
      ProgressLog.line("evaluate: trait fidelity (classifier sees the traits asked for): " + b);
    }
    return traits;
  }
}
