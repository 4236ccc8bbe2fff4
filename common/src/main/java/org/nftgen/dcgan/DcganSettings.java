package org.nftgen.dcgan;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.List;
import org.nftgen.config.SettingsException;
import org.nftgen.config.SettingsReader;
import org.nftgen.data.TraitLabels;
import org.nftgen.gan.AdversarialLoss;
import org.nftgen.gan.Augmentation;
import org.nftgen.gan.Stabilisers;
import org.nftgen.gan.TraitCondition;

/** Shapes and optimiser of the DCGAN, read from {@code nftgen.dcgan}. */
public record DcganSettings(
    int nz,
    int ngf,
    int ndf,
    int resolution,
    double learningRate,
    double discriminatorLearningRate,
    double beta1,
    double beta2,
    int batch,
    double leakyReluSlope,
    Upsampling upsampling,
    int bilinearStages,
    boolean flatBackground,
    double maskPenalty,
    double maskBinarisation,
    double flatnessPenalty,
    double flatnessThreshold,
    int gridFactor,
    Stabilisers stabilisers,
    long seed,
    boolean conditional,
    boolean conditionalNorm,
    double conditionalNormScale,
    TraitLabels conditions) implements Serializable {

  /** Resolutions whose side is a power of two from 4x4 up; 16 is for tests and smoke runs. */
  public static final List<Integer> RESOLUTIONS = List.of(16, 32, 64, 128);

  public DcganSettings {
    if (!RESOLUTIONS.contains(resolution)) {
      throw new SettingsException("DCGAN resolution " + resolution + " must be one of " + RESOLUTIONS);
    }
    if (maskPenalty > 0 && !flatBackground) {
      throw new SettingsException("A mask penalty (nftgen.dcgan.mask-penalty = " + maskPenalty
          + ") needs the layered output's mask: set nftgen.dcgan.flat-background = true, or the penalty to 0");
    }
    if (maskBinarisation > 0 && !flatBackground) {
      throw new SettingsException("A mask binarisation (nftgen.dcgan.mask-binarisation = " + maskBinarisation
          + ") needs the layered output's mask: set nftgen.dcgan.flat-background = true, or the binarisation to 0");
    }
    if (!(discriminatorLearningRate > 0)) {
      throw new SettingsException("The discriminator's learning rate " + discriminatorLearningRate + " must be above 0");
    }
    if (conditions != null && !conditional) {
      throw new SettingsException("Trait conditions for an unconditional DCGAN: set nftgen.dcgan.conditional = true");
    }
    if (conditions != null && conditions.types().isEmpty()) {
      throw new SettingsException("A conditional DCGAN needs at least one trait type to condition on");
    }
    if (bilinearStages > 0 && upsampling != Upsampling.RESIZE) {
      throw new SettingsException("nftgen.dcgan.bilinear-stages = " + bilinearStages
          + " makes some of the resize stages bilinear: it needs nftgen.dcgan.upsampling = resize, not "
          + upsampling.name().toLowerCase(java.util.Locale.ROOT));
    }
    if (bilinearStages > Integer.numberOfTrailingZeros(resolution) - 2) {
      throw new SettingsException("nftgen.dcgan.bilinear-stages = " + bilinearStages + " exceeds the "
          + (Integer.numberOfTrailingZeros(resolution) - 2) + " up-sampling stages of a " + resolution + " px generator");
    }
    if (gridFactor != 0 && (gridFactor < 2 || resolution % gridFactor != 0)) {
      throw new SettingsException("nftgen.dcgan.pixel-grid-factor = " + gridFactor + " must be 0 (no grid) or a"
          + " divisor of the resolution " + resolution + " from 2 up: G's output is made of square cells of that many pixels");
    }
    if (batch % stabilisers.pack() != 0) {
      throw new SettingsException("DCGAN batch " + batch + " must be a multiple of the pack size "
          + stabilisers.pack() + " (nftgen.dcgan.pack): D judges whole packs");
    }
  }

  /** {@code nftgen.dcgan.conditional = auto}: conditional exactly when the dataset has traits to condition on. */
  public static final String AUTO = "auto";

  /** Whether {@code nftgen.dcgan.conditional} leaves the choice to the dataset ({@link #AUTO}). */
  public static boolean conditionalByDataset(Config config) {
    return conditionalMode(new SettingsReader(config, "nftgen.dcgan")).equals(AUTO);
  }

  /** {@code nftgen.dcgan.conditional}: "true", "false" or {@link #AUTO}. */
  private static String conditionalMode(SettingsReader r) {
    return r.choice("conditional", "true", "false", AUTO);
  }

  public static DcganSettings from(Config config) {
    SettingsReader r = new SettingsReader(config, "nftgen.dcgan");
    int resolution = r.intValue("resolution", 1, 4096);
    if (!RESOLUTIONS.contains(resolution)) {
      throw new SettingsException("Setting '" + r.key("resolution") + "' = " + resolution
          + " must be one of " + RESOLUTIONS);
    }
    double learningRate = r.doubleValue("learning-rate", 1e-8, 1);
    double discriminatorLearningRate = r.doubleValue("discriminator-learning-rate", 0, 1);
    flatnessByCollection(config); // validated before Spark starts; the job applies it
    gridByCollection(config); // likewise
    java.util.Set<Augmentation> augment = new java.util.HashSet<>();
    for (String name : r.stringList("augment")) {
      augment.add(Augmentation.parse(name, r.key("augment")));
    }
    return new DcganSettings(
        r.intValue("nz", 1, 4096),
        r.intValue("ngf", 1, 1024),
        r.intValue("ndf", 1, 1024),
        resolution,
        learningRate,
        // 0: the generator's, as the DCGAN has it.
        discriminatorLearningRate > 0 ? discriminatorLearningRate : learningRate,
        r.doubleValue("beta1", 0, 0.999999),
        r.doubleValue("beta2", 0, 0.999999),
        r.intValue("batch", 1, 65536),
        r.doubleValue("leaky-relu-slope", 0, 1),
        Upsampling.valueOf(r.choice("upsampling", "transposed", "resize", "bilinear").toUpperCase(java.util.Locale.ROOT)),
        r.intValue("bilinear-stages", 0, 16),
        r.bool("flat-background"),
        r.doubleValue("mask-penalty", 0, 1000),
        r.doubleValue("mask-binarisation", 0, 1000),
        r.doubleValue("flatness-penalty", 0, 1000),
        r.doubleValue("flatness-threshold", 1e-6, 2),
        r.intValue("pixel-grid-factor", 0, 4096),
        new Stabilisers(
            r.doubleValue("instance-noise", 0, 10),
            r.intValue("generator-steps", 1, 100),
            r.doubleValue("label-smoothing", 0, 0.5),
            r.intValue("pack", 1, 16),
            r.doubleValue("generator-average", 0, 0.999999),
            r.bool("spectral-norm"),
            AdversarialLoss.parse(r.choice("loss", "bce", "hinge")),
            augment,
            r.bool("minibatch-std"),
            r.doubleValue("r1-gamma", 0, 1e6),
            r.intValue("r1-every", 1, 1000),
            r.doubleValue("mode-seeking", 0, 1000),
            r.doubleValue("trait-classification", 0, 1000)),
        r.longValue("seed", Long.MIN_VALUE, Long.MAX_VALUE),
        conditionalMode(r).equals("true"),
        r.bool("conditional-norm"),
        r.doubleValue("conditional-norm-scale", 1e-3, 1e3),
        null);
  }

  /**
   * How G's up-sampling stage {@code stage} (0 = the first, from 4x4) resizes: the last
   * {@link #bilinearStages()} stages of a {@link Upsampling#RESIZE} generator resize bilinearly.
   */
  public Upsampling upsamplingAt(int stage) {
    return upsampling == Upsampling.RESIZE && stage >= scaleBlocks() - bilinearStages ? Upsampling.BILINEAR : upsampling;
  }

  /**
   * {@code nftgen.dcgan.flatness-collections = flat}: the flatness penalty applies only where the
   * collection is flat art ({@code CollectionPalette#flat()}), which the job decides from the dataset.
   */
  public static boolean flatnessByCollection(Config config) {
    return new SettingsReader(config, "nftgen.dcgan").choice("flatness-collections", "flat", "all").equals("flat");
  }

  /** The same settings with this flatness penalty (0: none). */
  public DcganSettings withFlatnessPenalty(double flatnessPenalty) {
    return new DcganSettings(nz, ngf, ndf, resolution, learningRate, discriminatorLearningRate, beta1, beta2, batch, leakyReluSlope, upsampling, bilinearStages, flatBackground, maskPenalty, maskBinarisation, flatnessPenalty, flatnessThreshold, gridFactor, stabilisers, seed, conditional, conditionalNorm, conditionalNormScale, conditions);
  }

  /**
   * {@code nftgen.dcgan.pixel-grid = auto}: where {@link #gridFactor()} is 0, train-dcgan looks for
   * the pixel grid of the training images and sets the factor when it finds a whole one.
   */
  public static boolean gridByCollection(Config config) {
    return new SettingsReader(config, "nftgen.dcgan").choice("pixel-grid", "auto", "off").equals("auto");
  }

  /** The same settings with G's output on cells of {@code gridFactor} x {@code gridFactor} pixels (0: none). */
  public DcganSettings withGridFactor(int gridFactor) {
    return new DcganSettings(nz, ngf, ndf, resolution, learningRate, discriminatorLearningRate, beta1, beta2, batch, leakyReluSlope, upsampling, bilinearStages, flatBackground, maskPenalty, maskBinarisation, flatnessPenalty, flatnessThreshold, gridFactor, stabilisers, seed, conditional, conditionalNorm, conditionalNormScale, conditions);
  }

  /** Number of 2x up-sampling (generator) or down-sampling (discriminator) blocks between 4x4 and the images. */
  public int scaleBlocks() {
    return Integer.numberOfTrailingZeros(resolution) - 2;
  }

  /** The same settings with other widths and resolution: tests and benchmarks use tiny models. */
  public DcganSettings withShape(int nz, int ngf, int ndf, int resolution) {
    return new DcganSettings(nz, ngf, ndf, resolution, learningRate, discriminatorLearningRate, beta1, beta2, batch, leakyReluSlope, upsampling, bilinearStages, flatBackground, maskPenalty, maskBinarisation, flatnessPenalty, flatnessThreshold, gridFactor, stabilisers, seed, conditional, conditionalNorm, conditionalNormScale, conditions);
  }

  public DcganSettings withBatch(int batch) {
    return new DcganSettings(nz, ngf, ndf, resolution, learningRate, discriminatorLearningRate, beta1, beta2, batch, leakyReluSlope, upsampling, bilinearStages, flatBackground, maskPenalty, maskBinarisation, flatnessPenalty, flatnessThreshold, gridFactor, stabilisers, seed, conditional, conditionalNorm, conditionalNormScale, conditions);
  }

  /**
   * A conditional model bound to the traits it is conditioned on (the dataset's, at training; the
   * checkpoint's, later): they fix the width of G's input and D's output.
   */
  public DcganSettings withConditions(TraitLabels conditions) {
    return new DcganSettings(nz, ngf, ndf, resolution, learningRate, discriminatorLearningRate, beta1, beta2, batch, leakyReluSlope, upsampling, bilinearStages, flatBackground, maskPenalty, maskBinarisation, flatnessPenalty, flatnessThreshold, gridFactor, stabilisers, seed, conditional, conditionalNorm, conditionalNormScale, conditions);
  }

  /** The same settings, conditional or not (before any traits are bound). */
  public DcganSettings withConditional(boolean conditional) {
    return new DcganSettings(nz, ngf, ndf, resolution, learningRate, discriminatorLearningRate, beta1, beta2, batch, leakyReluSlope, upsampling, bilinearStages, flatBackground, maskPenalty, maskBinarisation, flatnessPenalty, flatnessThreshold, gridFactor, stabilisers, seed, conditional, conditionalNorm, conditionalNormScale, null);
  }

  /** Numbers of the condition vector fed with z and projected in D: 0 for an unconditional model. */
  public int conditionWidth() {
    if (conditional && conditions == null) {
      throw new IllegalStateException("A conditional DCGAN not yet bound to its trait conditions (withConditions)");
    }
    return conditional ? TraitCondition.width(conditions) : 0;
  }

  public DcganSettings withSeed(long seed) {
    return new DcganSettings(nz, ngf, ndf, resolution, learningRate, discriminatorLearningRate, beta1, beta2, batch, leakyReluSlope, upsampling, bilinearStages, flatBackground, maskPenalty, maskBinarisation, flatnessPenalty, flatnessThreshold, gridFactor, stabilisers, seed, conditional, conditionalNorm, conditionalNormScale, conditions);
  }
}
