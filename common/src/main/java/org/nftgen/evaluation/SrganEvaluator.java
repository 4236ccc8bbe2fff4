package org.nftgen.evaluation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.nftgen.averaging.TrainSettings;
import org.nftgen.denoise.DenoiseSettings;
import org.nftgen.denoise.Denoiser;
import org.nftgen.image.RgbImage;
import org.nftgen.io.Json;
import org.nftgen.io.ProgressLog;
import org.nftgen.srgan.SrComparison;
import org.nftgen.srgan.SrSamples;
import org.nftgen.srgan.SrganSettings;
import org.nftgen.srgan.Upscaler;

/**
 * {@code evaluate} on a {@code train-srgan} run: PSNR and SSIM of the model, bicubic and nearest
 * upscaling on the images the run held out, with and without denoising the LR input first
 * ({@code nftgen.denoise} of this evaluation's configuration). Writes {@code evaluation.json} with
 * the numbers under {@code x2} or {@code x4} (the run's factor) and {@code comparison.png}.
 */
final class SrganEvaluator {
  static final String PROTOCOL = "RGB, 8-bit; border of factor px cropped on every side; PSNR peak 255 over all "
      + "remaining samples; SSIM with an 11x11 Gaussian window (sigma 1.5), C1=(0.01*255)^2, C2=(0.03*255)^2, "
      + "valid window positions, averaged over channels; LR = HR shrunk by the run's lr-filter; means over images";

  private SrganEvaluator() {}

  static ObjectNode evaluate(EvaluationContext c) {
    Configuration conf = c.conf();
    Upscaler upscaler = Upscaler.of(c.run(), conf);
    TrainSettings train = TrainSettings.from(c.run().config());
    SrganSettings model = upscaler.settings();
    HeldOut split = HeldOut.of(c.qualify(train.input()), train, conf);
    List<RgbImage> heldOut = split.heldOut(c.session(), model.hrResolution(), c.request().evaluate().samples());
    SrComparison.Result r = SrComparison.measure(upscaler, heldOut, new Denoiser(DenoiseSettings.from(c.config())),
        c.request().sheets().upscaleBatch());

    ObjectNode result = Json.object();
    result.put("kind", "srgan").put("source", upscaler.source()).put("factor", model.factor())
        .put("samples", r.images()).put("resolution", model.hrResolution()).put("protocol", PROTOCOL)
        .put("denoise", c.config().getString("nftgen.denoise.method"));
    ObjectNode x = result.putObject("x" + model.factor());
    x.put("psnr", r.psnr()).put("ssim", r.ssim()).put("psnrBicubic", r.psnrBicubic()).put("ssimBicubic", r.ssimBicubic())
        .put("psnrNearest", r.psnrNearest()).put("ssimNearest", r.ssimNearest())
        .put("psnrGainOverBicubic", r.psnr() - r.psnrBicubic())
        .put("psnrDenoisedInput", r.psnrDenoised()).put("ssimDenoisedInput", r.ssimDenoised())
        .put("psnrBicubicDenoisedInput", r.psnrBicubicDenoised())
        .put("ssimBicubicDenoisedInput", r.ssimBicubicDenoised());
    new SrSamples(c.output(), model, heldOut.subList(0, Math.min(c.request().sheets().comparisonImages(), heldOut.size())), conf)
        .write(upscaler, "comparison.png");
    ProgressLog.format("evaluate: x%d on %d held-out %d px images (%s)%n"
        + "evaluate:   method        PSNR dB   SSIM   | denoised LR: PSNR dB   SSIM%n"
        + "evaluate:   SRGAN        %7.3f  %6.4f  |             %7.3f  %6.4f%n"
        + "evaluate:   bicubic      %7.3f  %6.4f  |             %7.3f  %6.4f%n"
        + "evaluate:   nearest      %7.3f  %6.4f", model.factor(), r.images(),
        model.hrResolution(), upscaler.source(), r.psnr(), r.ssim(), r.psnrDenoised(), r.ssimDenoised(),
        r.psnrBicubic(), r.ssimBicubic(), r.psnrBicubicDenoised(), r.ssimBicubicDenoised(), r.psnrNearest(),
        r.ssimNearest());
    return EvaluationOutputs.write(c.output(), result, conf);
  }
}
