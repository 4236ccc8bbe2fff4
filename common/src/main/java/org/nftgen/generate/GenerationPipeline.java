package org.nftgen.generate;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.data.Pixels;
import org.nftgen.data.RgbImage;
import org.nftgen.data.Resampler;
import org.nftgen.denoise.Denoiser;

/**
 * The per-image generation pipeline: latent -> generator (base side, 64 by default) -> denoise ->
 * super-resolution 2x and 4x -> denoise, for one chunk of consecutive image indices at a time.
 *
 * <p>How the two larger sizes come from the upscaler: with a 2x and a 4x model ({@link UpscalerPair}),
 * each enlarges the denoised base image; with a 2x stage alone, 2x = up(base) and
 * 4x = up(denoised 2x); with a 4x stage alone, 4x = up(base) and 2x is the 4x image area-averaged down
 * to half (the upscaler runs once). Both are then denoised.
 *
 * <p>Determinism: an image depends on its latent (see {@link ImageSeeds}), the models, the
 * denoiser settings and the chunk it is computed with (a batched convolution may sum in another
 * order for another batch size), and chunks are fixed ranges of indices, never partition-dependent.
 * Not thread-safe; one per Spark task.
 */
public final class GenerationPipeline implements AutoCloseable {
  private final MultiLayerNetwork generator;
  private final int nz;
  private final int base;
  private final Denoiser denoiser;
  private final UpscaleStage upscaler;
  /** Seconds spent in each stage: generator, denoise, upscale. */
  private final double[] seconds = new double[3];

  /** One image's three sizes (base, 2x, 4x) and the seed of its latent. */
  public record Rendered(long index, long latentSeed, RgbImage[] sizes) {}

  public GenerationPipeline(MultiLayerNetwork generator, int nz, int base, Denoiser denoiser, UpscaleStage upscaler) {
    this.generator = generator;
    this.nz = nz;
    this.base = base;
    this.denoiser = denoiser;
    this.upscaler = upscaler;
  }

  public int[] sides() {
    return new int[] {base, base * 2, base * 4};
  }

  /** Renders images {@code from} (inclusive) to {@code to} (exclusive) of batch {@code batchId}. */
  public List<Rendered> render(long seed, String batchId, long from, long to) {
    int n = (int) (to - from);
    long[] latentSeeds = new long[n];
    float[] z = new float[n * nz];
    for (int k = 0; k < n; k++) {
      latentSeeds[k] = ImageSeeds.latentSeed(seed, batchId, from + k);
      System.arraycopy(ImageSeeds.latent(latentSeeds[k], nz), 0, z, k * nz, nz);
    }
    long t0 = System.nanoTime();
    INDArray out = generator.output(Nd4j.create(z, new long[] {n, nz, 1, 1}, 'c'), false);
    List<RgbImage> small = Pixels.toImages(out);
    long t1 = System.nanoTime();
    small = denoise(small);
    long t2 = System.nanoTime();
    List<RgbImage> x2;
    List<RgbImage> x4;
    double upscaleSeconds;
    double denoiseSeconds;
    if (upscaler.factor() == 2 && upscaler.fourTimes() != null) {
      long a = System.nanoTime();
      List<RgbImage> up2 = up(upscaler, small);
      List<RgbImage> up4 = up(upscaler.fourTimes(), small);
      long b = System.nanoTime();
      x2 = denoise(up2);
      x4 = denoise(up4);
      long c = System.nanoTime();
      upscaleSeconds = (b - a) / 1e9;
      denoiseSeconds = (c - b) / 1e9;
    } else if (upscaler.factor() == 2) {
      long a = System.nanoTime();
      List<RgbImage> up2 = up(upscaler, small);
      long b = System.nanoTime();
      x2 = denoise(up2);
      long c = System.nanoTime();
      List<RgbImage> up4 = up(upscaler, x2);
      long d = System.nanoTime();
      x4 = denoise(up4);
      long e = System.nanoTime();
      upscaleSeconds = (b - a + d - c) / 1e9;
      denoiseSeconds = (c - b + e - d) / 1e9;
    } else if (upscaler.factor() == 4) {
      long a = System.nanoTime();
      List<RgbImage> up4 = up(upscaler, small);
      List<RgbImage> down2 = new ArrayList<>();
      for (RgbImage image : up4) {
        down2.add(Resampler.resize(image, base * 2, base * 2, Resampler.Filter.AREA));
      }
      long b = System.nanoTime();
      x2 = denoise(down2);
      x4 = denoise(up4);
      long c = System.nanoTime();
      upscaleSeconds = (b - a) / 1e9;
      denoiseSeconds = (c - b) / 1e9;
    } else {
      throw new IllegalStateException("upscaler factor " + upscaler.factor() + " is neither 2 nor 4");
    }
    seconds[0] += (t1 - t0) / 1e9;
    seconds[1] += (t2 - t1) / 1e9 + denoiseSeconds;
    seconds[2] += upscaleSeconds;
    List<Rendered> rendered = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      rendered.add(new Rendered(from + k, latentSeeds[k], new RgbImage[] {small.get(k), x2.get(k), x4.get(k)}));
    }
    return rendered;
  }

  private List<RgbImage> denoise(List<RgbImage> images) {
    List<RgbImage> out = new ArrayList<>(images.size());
    for (RgbImage image : images) {
      out.add(denoiser.denoise(image));
    }
    return out;
  }

  private static List<RgbImage> up(UpscaleStage upscaler, List<RgbImage> images) {
    List<byte[]> pixels = new ArrayList<>(images.size());
    for (RgbImage image : images) {
      pixels.add(image.rgb());
    }
    List<RgbImage> out = Pixels.toImages(upscaler.upscale(Pixels.toTensor(pixels, images.get(0).width())));
    int expected = images.get(0).width() * upscaler.factor();
    if (out.size() != images.size() || out.get(0).width() != expected) {
      throw new IllegalStateException("upscaler returned " + out.size() + " images of " + out.get(0).width()
          + " px for " + images.size() + " of " + images.get(0).width() + " px at factor " + upscaler.factor());
    }
    return out;
  }

  /** Seconds spent so far in the generator, the denoiser and the upscaler. */
  public double[] stageSeconds() {
    return seconds.clone();
  }

  @Override
  public void close() {
    upscaler.close();
  }
}
