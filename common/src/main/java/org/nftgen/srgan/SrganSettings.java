package org.nftgen.srgan;

import com.typesafe.config.Config;
import java.io.Serializable;
import org.nftgen.config.SettingsException;
import org.nftgen.config.SettingsReader;
import org.nftgen.image.Resampler;

/**
 * Shapes, data and optimiser of the SRGAN, read from {@code nftgen.srgan}. One run trains one
 * upscaling factor; the 2x and 4x upscalers are two runs.
 */
public record SrganSettings(
    int factor,
    int blocks,
    int generatorWidth,
    double generatorSlope,
    boolean bicubicSkip,
    boolean generatorBatchNorm,
    int discriminatorWidth,
    int discriminatorDense,
    double leakyReluSlope,
    int hrResolution,
    int hrCrop,
    String lrFilter,
    double learningRate,
    double beta1,
    double beta2,
    int batch,
    double adversarialWeight,
    double l1Weight,
    int pretrainEpochs,
    int pretrainCropsPerEpoch,
    double pretrainMinutes,
    int pretrainAveragingFrequency,
    long seed) implements Serializable {

  /** The discriminator halves the side this many times (the SRGAN paper's four strided convolutions). */
  public static final int DISCRIMINATOR_STRIDES = 4;

  public SrganSettings {
    if (factor != 2 && factor != 4) {
      throw new SettingsException("SRGAN factor " + factor + " must be 2 or 4");
    }
    int multiple = Math.max(factor, 1 << DISCRIMINATOR_STRIDES);
    if (hrCrop % multiple != 0 || hrCrop > hrResolution) {
      throw new SettingsException("SRGAN hr-crop " + hrCrop + " must be a multiple of " + multiple
          + " (the factor and the discriminator's 2^" + DISCRIMINATOR_STRIDES + " down-sampling) and at most hr-resolution "
          + hrResolution);
    }
    if (hrResolution % factor != 0) {
      throw new SettingsException("SRGAN hr-resolution " + hrResolution + " must be a multiple of the factor " + factor);
    }
    Resampler.Filter.named(lrFilter); // fails early on an unknown filter name
  }

  public static SrganSettings from(Config config) {
    SettingsReader r = new SettingsReader(config, "nftgen.srgan");
    int factor = r.intValue("factor", 2, 4);
    if (factor == 3) {
      throw new SettingsException("Setting '" + r.key("factor") + "' = 3 must be 2 or 4");
    }
    return new SrganSettings(
          factor,
        r.intValue("blocks", 0, 64),
        r.intValue("generator-width", 1, 1024),
        r.doubleValue("generator-slope", 0, 1),
        r.bool("bicubic-skip"),
        r.bool("generator-batch-norm"),
        r.intValue("discriminator-width", 1, 1024),
        r.intValue("discriminator-dense", 1, 65536),
        r.doubleValue("leaky-relu-slope", 0, 1),
        r.intValue("hr-resolution", 8, 4096),
        r.intValue("hr-crop", 8, 4096),
        r.choice("lr-filter", "area", "bicubic"),
        r.doubleValue("learning-rate", 1e-8, 1),
        r.doubleValue("beta1", 0, 0.999999),
        r.doubleValue("beta2", 0, 0.999999),
        r.intValue("batch", 1, 65536),
        r.doubleValue("adversarial-weight", 0, 1000),
        r.doubleValue("l1-weight", 0, 1000),
        r.intValue("pretrain-epochs", 0, 1_000_000),
        r.intValue("pretrain-crops-per-epoch", 1, 100_000_000),
        r.doubleValue("pretrain-minutes", 0, 1e7),
        r.intValue("pretrain-averaging-frequency", 1, 1_000_000),
        r.longValue("seed", Long.MIN_VALUE, Long.MAX_VALUE));
  }

  /** Side of the low-resolution training patches. */
  public int lrCrop() {
    return hrCrop / factor;
  }

  /** Number of 2x up-sampling stages in the generator. */
  public int upsamplingStages() {
    return Integer.numberOfTrailingZeros(factor);
  }

  public Resampler.Filter downscaleFilter() {
    return Resampler.Filter.named(lrFilter);
  }

  /** The same settings with other shapes: tests and benchmarks use tiny models. */
  public SrganSettings withShape(int factor, int blocks, int generatorWidth, int discriminatorWidth,
      int discriminatorDense, int hrResolution, int hrCrop, int batch) {
    return new SrganSettings(factor, blocks, generatorWidth, generatorSlope, bicubicSkip, generatorBatchNorm, discriminatorWidth, discriminatorDense,
        leakyReluSlope, hrResolution, hrCrop, lrFilter, learningRate, beta1, beta2, batch, adversarialWeight, l1Weight,
        pretrainEpochs, pretrainCropsPerEpoch, pretrainMinutes, pretrainAveragingFrequency, seed);
  }

  public SrganSettings withPretraining(int epochs, int cropsPerEpoch, int averagingFrequency) {
    return new SrganSettings(factor, blocks, generatorWidth, generatorSlope, bicubicSkip, generatorBatchNorm, discriminatorWidth, discriminatorDense,
        leakyReluSlope, hrResolution, hrCrop, lrFilter, learningRate, beta1, beta2, batch, adversarialWeight, l1Weight,
        epochs, cropsPerEpoch, pretrainMinutes, averagingFrequency, seed);
  }
}
