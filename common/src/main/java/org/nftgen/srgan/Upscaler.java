package org.nftgen.srgan;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nftgen.config.SettingsException;
import org.nftgen.image.Pixels;
import org.nftgen.image.Resampler;
import org.nftgen.image.RgbImage;
import org.nftgen.io.HadoopFiles;
import org.nftgen.run.CheckpointStore;
import org.nftgen.run.JobNames;
import org.nftgen.run.StateCodec;
import org.nftgen.run.TrainedRun;

/**
 * A trained SRGAN generator, ready to upscale images: what {@code evaluate}, {@code bench} and the
 * generate pipeline use. Made from an opened {@code train-srgan} run ({@link #of(TrainedRun,
 * Configuration)}: its checkpoint, or phase 1's generator when no phase-2 checkpoint exists yet) or
 * from parameters. The generator is fully convolutional: any input size.
 *
 * <p>Not thread-safe (one DL4J network): give each thread its own.
 */
public final class Upscaler {
  /**
   * How {@link #forward} computes (see there), in the description of a generate batch's upscaler and
   * so in its chunks' fingerprint: a batch resumed with an nftgen that sums in another order redoes
   * its chunks instead of mixing the two. Change it whenever the order of the sums changes.
   */
  public static final String ARITHMETIC =
      "srgan: graph trunk, phase 2x2 up-sampling, space-to-depth output, 2 images per pass";

  /**
   * Images per forward pass. A generate chunk (16 images) upscaled at once holds maps of 268 MB
   * at 256 px; two at a time keep them near the caches and cost 10-20% less per image (measured in
   * docs/measurements.md), with the same numbers on the CPU measured (tested image by image); in
   * the fingerprint all the same, in case another CPU's kernels group them otherwise.
   */
  static final int IMAGES_PER_PASS = 2;

  private final SrganSettings settings;
  private final ComputationGraph generator;
  private final String source;

  /** The up-sampling stages, computed without up-sampling (see {@link PhaseUpsampling}). */
  private final List<PhaseUpsampling> stages = new ArrayList<>();
  /** The output convolution, on the last stage's space-to-depth output. */
  private final SpaceToDepth output;

  private Upscaler(SrganSettings settings, ComputationGraph generator, String source) {
    this.settings = settings;
    this.generator = generator;
    this.source = source;
    for (int u = 1; u <= settings.upsamplingStages(); u++) {
      Layer conv = generator.getLayer(SrganModels.upsamplingConvolution(u));
      stages.add(PhaseUpsampling.of(conv.getParam(ConvolutionParamInitializer.WEIGHT_KEY),
          conv.getParam(ConvolutionParamInitializer.BIAS_KEY)));
    }
    Layer out = generator.getLayer(SrganModels.OUTPUT);
    output = SpaceToDepth.convolution(out.getParam(ConvolutionParamInitializer.WEIGHT_KEY),
        out.getParam(ConvolutionParamInitializer.BIAS_KEY));
  }

  /** A generator of {@code settings} with {@code params} (the flat parameter vector of a state). */
  public static Upscaler of(SrganSettings settings, float[] params, String source) {
    ComputationGraph g = new ComputationGraph(SrganModels.generator(settings, false));
    g.init();
    return new Upscaler(settings, org.nftgen.gan.Parameters.assign(g, params, "The SRGAN generator of " + source),
        source);
  }

  /**
   * The generator of a {@code train-srgan} run (opened for that kind): its checkpoint's, or phase
   * 1's when the run has committed no phase-2 checkpoint yet.
   */
  public static Upscaler of(TrainedRun run, Configuration conf) {
    if (!run.job().equals(JobNames.TRAIN_SRGAN)) {
      throw new IllegalArgumentException(run.input() + " is a " + run.job() + " run, not an SRGAN run");
    }
    SrganSettings settings = SrganSettings.from(run.config());
    if (run.hasCheckpoint()) {
      SrganState state = StateCodec.decode(run.checkpoint().file(CheckpointStore.STATE), SrganState.class);
      return of(settings, state.generatorParams(), run.checkpoint().folder());
    }
    Path pretrained = PretrainedGenerator.file(run.runDir());
    if (!HadoopFiles.exists(pretrained, conf)) {
      throw new SettingsException("No committed checkpoint and no phase-1 generator in run folder " + run.runDir());
    }
    PretrainedGenerator g = StateCodec.decode(HadoopFiles.readAll(pretrained, Long.MAX_VALUE, conf),
        PretrainedGenerator.class);
    return of(settings, g.params(), pretrained.toString());
  }

  public int factor() {
    return settings.factor();
  }

  public SrganSettings settings() {
    return settings;
  }

  /** Where the parameters came from (a checkpoint folder or phase 1's file). */
  public String source() {
    return source;
  }

  /**
   * {@code [n, 3, h, w]} in [-1, 1] -> {@code [n, 3, h * factor, w * factor]} (not clipped). With the
   * bicubic skip the input is taken as 8-bit images (the enlargement is computed on pixels).
   */
  public INDArray upscale(INDArray nchwInMinus1To1) {
    INDArray out = forward(nchwInMinus1To1);
    return settings.bicubicSkip() ? out.addi(base(Pixels.toImages(nchwInMinus1To1))) : out;
  }

  /**
   * The generator's output: DL4J's graph up to the long skip, then the up-sampling stages as
   * {@link PhaseUpsampling}s, the last of them left in space-to-depth layout for the output
   * convolution ({@link SpaceToDepth}). Same numbers as the graph (to float rounding), in less
   * time: the graph up-samples twice and runs its widest and its narrowest convolution on the
   * 4x-sized image (measured in docs/measurements.md).
   */
  public INDArray forward(INDArray nchw) {
    long n = nchw.size(0);
    if (n <= IMAGES_PER_PASS) {
      return forwardAtOnce(nchw);
    }
    List<INDArray> parts = new ArrayList<>();
    for (long from = 0; from < n; from += IMAGES_PER_PASS) {
      parts.add(forwardAtOnce(nchw.get(NDArrayIndex.interval(from, Math.min(n, from + IMAGES_PER_PASS))).dup('c')));
    }
    return Nd4j.concat(0, parts.toArray(INDArray[]::new));
  }

  private INDArray forwardAtOnce(INDArray nchw) {
    INDArray x = generator.output(List.of(SrganModels.TRUNK), false, new INDArray[] {nchw}, null)[0];
    for (int u = 0; u < stages.size(); u++) {
      INDArray blocked = Transforms.leakyRelu(stages.get(u).applyInSpaceToDepth(x), settings.generatorSlope(), false);
      x = u == stages.size() - 1 ? blocked : SpaceToDepth.toImage(blocked);
    }
    // The factor is 2 or 4 (SrganSettings), so there is always a last stage and x is its output.
    return SpaceToDepth.toImage(output.apply(x));
  }

  /**
   * The generator's output as DL4J's graph computes it, layer by layer: what {@link #forward} must
   * equal, and the bench's baseline for it.
   */
  public INDArray graphForward(INDArray nchw) {
    return generator.outputSingle(false, nchw);
  }

  /** The bicubic enlargements by the factor, as one tensor. */
  private INDArray base(List<RgbImage> images) {
    List<byte[]> enlarged = new ArrayList<>();
    int side = images.get(0).width() * settings.factor();
    for (RgbImage image : images) {
      enlarged.add(Resampler.resize(image, side, side, Resampler.Filter.BICUBIC).rgb());
    }
    return Pixels.toTensor(enlarged, side);
  }

  /** Upscales images of one size, {@code batch} at a time. */
  public List<RgbImage> upscale(List<RgbImage> images, int batch) {
    List<RgbImage> out = new ArrayList<>(images.size());
    for (int from = 0; from < images.size(); from += batch) {
      List<RgbImage> chunk = images.subList(from, Math.min(images.size(), from + batch));
      List<byte[]> pixels = new ArrayList<>();
      int side = chunk.get(0).width();
      for (RgbImage image : chunk) {
        if (image.width() != side || image.height() != side) {
          throw new IllegalArgumentException("upscale batches square images of one size; got " + image.width() + "x"
              + image.height() + " after " + side + "x" + side);
        }
        pixels.add(image.rgb());
      }
      INDArray sr = forward(Pixels.toTensor(pixels, side));
      out.addAll(Pixels.toImages(settings.bicubicSkip() ? sr.addi(base(chunk)) : sr));
    }
    return out;
  }
}
