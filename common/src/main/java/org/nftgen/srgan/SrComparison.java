package org.nftgen.srgan;

import java.util.ArrayList;
import java.util.List;
import org.nftgen.denoise.Denoiser;
import org.nftgen.image.Resampler;
import org.nftgen.image.RgbImage;
import org.nftgen.metrics.ImageQuality;

/**
 * Super-resolution quality on held-out HR images, by the protocol of {@link ImageQuality} (RGB,
 * border of {@code factor} pixels cropped): each HR image is shrunk by the factor with the run's
 * filter, brought back by the model, by bicubic and by nearest-neighbour interpolation, and each
 * result is compared with the HR image. The same again after denoising the LR input (the pipeline
 * denoises the DCGAN's output before upscaling it), to show what denoising costs or gains.
 */
public final class SrComparison {
  private SrComparison() {}

  /** Mean PSNR (dB) and SSIM of each method over the images. */
  public record Result(int images, double psnr, double ssim, double psnrBicubic, double ssimBicubic,
      double psnrNearest, double ssimNearest, double psnrDenoised, double ssimDenoised, double psnrBicubicDenoised,
      double ssimBicubicDenoised) {}

  public static Result measure(Upscaler upscaler, List<RgbImage> hr, Denoiser denoiser, int batch) {
    SrganSettings s = upscaler.settings();
    int f = s.factor();
    List<RgbImage> lr = new ArrayList<>();
    List<RgbImage> lrDenoised = new ArrayList<>();
    for (RgbImage image : hr) {
      RgbImage small = Patches.downscale(image, s);
      lr.add(small);
      lrDenoised.add(denoiser.denoise(small));
    }
    List<RgbImage> sr = upscaler.upscale(lr, batch);
    List<RgbImage> srDenoised = upscaler.upscale(lrDenoised, batch);
    double[] sums = new double[10];
    for (int i = 0; i < hr.size(); i++) {
      RgbImage truth = hr.get(i);
      RgbImage bicubic = enlarge(lr.get(i), truth, Resampler.Filter.BICUBIC);
      RgbImage nearest = enlarge(lr.get(i), truth, Resampler.Filter.NEAREST);
      RgbImage bicubicDenoised = enlarge(lrDenoised.get(i), truth, Resampler.Filter.BICUBIC);
      RgbImage[] candidates = {sr.get(i), bicubic, nearest, srDenoised.get(i), bicubicDenoised};
      for (int m = 0; m < candidates.length; m++) {
        sums[2 * m] += ImageQuality.psnr(candidates[m], truth, f);
        sums[2 * m + 1] += ImageQuality.ssim(candidates[m], truth, f);
      }
    }
    int n = hr.size();
    return new Result(n, sums[0] / n, sums[1] / n, sums[2] / n, sums[3] / n, sums[4] / n, sums[5] / n, sums[6] / n,
        sums[7] / n, sums[8] / n, sums[9] / n);
  }

  /** {@code lr} enlarged to the size of {@code like} with {@code filter}. */
  public static RgbImage enlarge(RgbImage lr, RgbImage like, Resampler.Filter filter) {
    return Resampler.resize(lr, like.width(), like.height(), filter);
  }
}
