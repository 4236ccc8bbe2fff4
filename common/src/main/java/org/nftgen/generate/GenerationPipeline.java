package org.nftgen.generate;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.data.TraitLabels;
import org.nftgen.denoise.Denoiser;
import org.nftgen.gan.TraitCondition;
import org.nftgen.image.Pixels;
import org.nftgen.image.Resampler;
import org.nftgen.image.RgbImage;

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
 * The number of denoising threads never changes an image: each is denoised on its own.
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
  /** Images denoised at once: OpenCV's non-local means keeps an image this small on one thread. */
  private final int denoiseThreads;
  /** The denoising threads beyond the caller's own, started on first use; null with one thread. */
  private java.util.concurrent.ExecutorService denoisePool;

  /**
   * One image's three sizes (base, 2x, 4x) and the seed of its latent; with a {@link LatentGuide},
   * which try it took and whether the guide accepted it.
   */
  public record Rendered(long index, long latentSeed, RgbImage[] sizes, int tries, boolean accepted, int[] traits) {}

  /** Chooses latents among candidates, or null to take each image's own. */
  private LatentGuide guide;
  /** A conditional generator's traits (its classes of each type), or null for an unconditional one. */
  private TraitLabels conditions;
  private TraitPlan plan;

  public GenerationPipeline(MultiLayerNetwork generator, int nz, int base, Denoiser denoiser, UpscaleStage upscaler) {
    this(generator, nz, base, denoiser, upscaler, 1);
  }

  /** {@code denoiseThreads}: how many images of a chunk are denoised at once (the task's cores). */
  public GenerationPipeline(MultiLayerNetwork generator, int nz, int base, Denoiser denoiser, UpscaleStage upscaler,
      int denoiseThreads) {
    if (denoiseThreads < 1) {
      throw new IllegalArgumentException("denoiseThreads must be at least 1, got " + denoiseThreads);
    }
    this.denoiseThreads = denoiseThreads;
    this.generator = generator;
    this.nz = nz;
    this.base = base;
    this.denoiser = denoiser;
    this.upscaler = upscaler;
  }

  /** Guides the choice of latents from now on (null: none). */
  public GenerationPipeline withGuide(LatentGuide guide) {
    this.guide = guide;
    return this;
  }

  /** Conditions a conditional generator: each image is made with the traits {@code plan} gives it. */
  public GenerationPipeline withTraits(TraitLabels conditions, TraitPlan plan) {
    this.conditions = conditions;
    this.plan = plan;
    return this;
  }

  public int[] sides() {
    return new int[] {base, base * 2, base * 4};
  }

  /** Renders images {@code from} (inclusive) to {@code to} (exclusive) of batch {@code batchId}. */
  public List<Rendered> render(long seed, String batchId, long from, long to) {
    int n = (int) (to - from);
    org.nftgen.gan.NativeMemory.reclaimIfGrown(); // the last chunk's dead arrays, before this one allocates
    long[] latentSeeds = new long[n];
    int[] tries = new int[n];
    boolean[] accepted = new boolean[n];
    long t0 = System.nanoTime();
    int[][] traits = plan == null ? null : new int[n][];
    for (int k = 0; k < n; k++) {
      latentSeeds[k] = ImageSeeds.latentSeed(seed, batchId, from + k);
      if (traits != null) {
        traits[k] = plan.classes(from + k, latentSeeds[k]);
      }
    }
    // With a guide, the generator's images of the chosen candidates as the guide judged them (not
    // made again: another batch could sum in another order and change a pixel the guide saw).
    List<RgbImage> small = guide != null ? choose(seed, batchId, from, latentSeeds, traits, tries, accepted)
        : generate(latentSeeds, traits);
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
      rendered.add(new Rendered(from + k, latentSeeds[k], new RgbImage[] {small.get(k), x2.get(k), x4.get(k)},
          tries[k], guide == null || accepted[k], traits == null ? null : traits[k]));
    }
    return rendered;
  }

  /** The generator's images (base side) of these latents (with these traits, if conditional), in one batch. */
  private List<RgbImage> generate(long[] latentSeeds, int[][] traits) {
    float[] z = new float[latentSeeds.length * nz];
    for (int k = 0; k < latentSeeds.length; k++) {
      System.arraycopy(ImageSeeds.latent(latentSeeds[k], nz), 0, z, k * nz, nz);
    }
    INDArray latents = Nd4j.create(z, new long[] {latentSeeds.length, nz, 1, 1}, 'c');
    INDArray condition = traits == null ? null : TraitCondition.oneHot(conditions, traits);
    return Pixels.toImages(generator.output(TraitCondition.generatorInput(latents, condition, conditions), false));
  }

  /**
   * Tries candidates for the images not yet accepted, a round per try, all pending images of the
   * chunk in one batch (fixed by the chunk, so the choice is deterministic); the guide judges them
   * denoised, as the token will show them. Images no candidate satisfied keep try 0. Returns the
   * generator's images of the chosen latents (try 0 comes from a batch of the whole chunk, as
   * without a guide).
   */
  private List<RgbImage> choose(long seed, String batchId, long from, long[] latentSeeds, int[][] traits, int[] tries,
      boolean[] accepted) {
    long[] first = latentSeeds.clone();
    RgbImage[] chosen = new RgbImage[latentSeeds.length];
    RgbImage[] own = new RgbImage[latentSeeds.length];
    for (int t = 0; t < guide.maxTries(); t++) {
      List<Integer> pending = new ArrayList<>();
      for (int k = 0; k < latentSeeds.length; k++) {
        if (!accepted[k]) {
          pending.add(k);
        }
      }
      if (pending.isEmpty()) {
        break;
      }
      long[] candidates = new long[pending.size()];
      int[][] candidateTraits = traits == null ? null : new int[pending.size()][];
      for (int j = 0; j < candidates.length; j++) {
        int k = pending.get(j);
        candidates[j] = t == 0 ? first[k] : ImageSeeds.candidateSeed(seed, batchId, from + k, t);
        if (traits != null) {
          candidateTraits[j] = traits[k]; // a conditional image keeps its traits, only z changes
        }
      }
      List<RgbImage> images = generate(candidates, candidateTraits);
      boolean[] ok = guide.accept(denoise(images));
      for (int j = 0; j < candidates.length; j++) {
        int k = pending.get(j);
        if (t == 0) {
          own[k] = images.get(j);
        }
        if (ok[j]) {
          chosen[k] = images.get(j);
          accepted[k] = true;
          latentSeeds[k] = candidates[j];
          tries[k] = t;
        }
      }
    }
    List<RgbImage> out = new ArrayList<>(latentSeeds.length);
    for (int k = 0; k < latentSeeds.length; k++) {
      if (!accepted[k]) {
        latentSeeds[k] = first[k];
        tries[k] = guide.maxTries();
        chosen[k] = own[k];
      }
      out.add(chosen[k]);
    }
    return out;
  }

  private List<RgbImage> denoise(List<RgbImage> images) {
    if (denoiseThreads == 1 || images.size() == 1) {
      List<RgbImage> out = new ArrayList<>(images.size());
      for (RgbImage image : images) {
        out.add(denoiser.denoise(image));
      }
      return out;
    }
    if (denoisePool == null) {
      denoisePool = java.util.concurrent.Executors.newFixedThreadPool(denoiseThreads, r -> {
        Thread t = new Thread(r, "nftgen-denoise");
        t.setDaemon(true);
        return t;
      });
    }
    List<java.util.concurrent.Future<RgbImage>> pending = new ArrayList<>(images.size());
    for (RgbImage image : images) {
      pending.add(denoisePool.submit(() -> denoiser.denoise(image)));
    }
    List<RgbImage> out = new ArrayList<>(images.size());
    try {
      for (java.util.concurrent.Future<RgbImage> f : pending) {
        out.add(f.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while denoising", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } finally {
      for (java.util.concurrent.Future<RgbImage> f : pending) {
        f.cancel(true);
      }
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
    if (denoisePool != null) {
      denoisePool.shutdownNow();
    }
    upscaler.close();
  }
}
