package org.nftgen.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nftgen.averaging.TrainSettings;
import org.nftgen.config.SettingsException;
import org.nftgen.data.DatasetReader;
import org.nftgen.denoise.DenoiseSettings;
import org.nftgen.denoise.Denoiser;
import org.nftgen.image.RgbImage;
import org.nftgen.io.HadoopFiles;
import org.nftgen.io.Json;
import org.nftgen.srgan.SrComparison;
import org.nftgen.srgan.SrSamples;
import org.nftgen.srgan.SrganSettings;
import org.nftgen.srgan.Upscaler;
import scala.Tuple2;

/**
 * {@code evaluate} on a {@code train-srgan} run: PSNR and SSIM of the model, bicubic and nearest
 * upscaling on the images the run held out, with and without denoising the LR input first
 * ({@code nftgen.denoise} of this evaluation's configuration). Writes {@code evaluation.json} with
 * the numbers under {@code x2} or {@code x4} (the run's factor) and {@code comparison.png}.
 */
final class SrganEvaluation {
  static final String PROTOCOL = "RGB, 8-bit; border of factor px cropped on every side; PSNR peak 255 over all "
      + "remaining samples; SSIM with an 11x11 Gaussian window (sigma 1.5), C1=(0.01*255)^2, C2=(0.03*255)^2, "
      + "valid window positions, averaged over channels; LR = HR shrunk by the run's lr-filter; means over images";

  private SrganEvaluation() {}

  /** @param batch images per forward pass of the generator ({@code nftgen.evaluate.upscale-batch}) */
  static ObjectNode run(SparkRuntime runtime, Path input, Path output, int samples, int batch, Config config) {
    Configuration conf = runtime.hadoop();
    Upscaler upscaler = Upscaler.load(conf, input.toString());
    Path runDir = input.getName().startsWith("round-") ? input.getParent().getParent() : input;
    TrainSettings train = TrainSettings.from(Upscaler.runConfig(runDir, conf));
    SrganSettings model = upscaler.settings();
    Path dataset = runtime.qualify(train.input());
    long total = DatasetReader.count(DatasetReader.manifest(dataset, conf));
    long trainCount = train.trainingImages(total);
    if (trainCount >= total) {
      throw new SettingsException("The run held out no images (nftgen.train.holdout-fraction = "
          + train.holdoutFraction() + "); there is nothing to evaluate against");
    }
    List<Tuple2<Long, byte[]>> rows = new ArrayList<>(DatasetReader.images(runtime.session(), dataset,
        model.hrResolution(), trainCount, Math.min(total, trainCount + samples)).collect());
    rows.sort(Comparator.comparing(Tuple2::_1));
    List<RgbImage> heldOut = new ArrayList<>();
    for (Tuple2<Long, byte[]> row : rows) {
      heldOut.add(new RgbImage(model.hrResolution(), model.hrResolution(), row._2()));
    }
    SrComparison.Result r = SrComparison.measure(upscaler, heldOut, new Denoiser(DenoiseSettings.from(config)), batch);

    ObjectNode result = Json.object();
    result.put("kind", "srgan").put("source", upscaler.source()).put("factor", model.factor())
        .put("samples", r.images()).put("resolution", model.hrResolution()).put("protocol", PROTOCOL)
        .put("denoise", config.getString("nftgen.denoise.method"));
    ObjectNode x = result.putObject("x" + model.factor());
    x.put("psnr", r.psnr()).put("ssim", r.ssim()).put("psnrBicubic", r.psnrBicubic()).put("ssimBicubic", r.ssimBicubic())
        .put("psnrNearest", r.psnrNearest()).put("ssimNearest", r.ssimNearest())
        .put("psnrGainOverBicubic", r.psnr() - r.psnrBicubic())
        .put("psnrDenoisedInput", r.psnrDenoised()).put("ssimDenoisedInput", r.ssimDenoised())
        .put("psnrBicubicDenoisedInput", r.psnrBicubicDenoised())
        .put("ssimBicubicDenoisedInput", r.ssimBicubicDenoised());
    new SrSamples(output, model, heldOut.subList(0, Math.min(4, heldOut.size())), conf)
        .write(upscaler, "comparison.png");
    Path out = new Path(output, "evaluation.json");
    HadoopFiles.writeString(out, Json.pretty(result), conf);
    System.out.printf("evaluate: x%d on %d held-out %d px images (%s)%n"
        + "evaluate:   method        PSNR dB   SSIM   | denoised LR: PSNR dB   SSIM%n"
        + "evaluate:   SRGAN        %7.3f  %6.4f  |             %7.3f  %6.4f%n"
        + "evaluate:   bicubic      %7.3f  %6.4f  |             %7.3f  %6.4f%n"
        + "evaluate:   nearest      %7.3f  %6.4f%nevaluate: wrote %s%n", model.factor(), r.images(),
        model.hrResolution(), upscaler.source(), r.psnr(), r.ssim(), r.psnrDenoised(), r.ssimDenoised(),
        r.psnrBicubic(), r.ssimBicubic(), r.psnrBicubicDenoised(), r.ssimBicubicDenoised(), r.psnrNearest(),
        r.ssimNearest(), out);
    return result;
  }
}
