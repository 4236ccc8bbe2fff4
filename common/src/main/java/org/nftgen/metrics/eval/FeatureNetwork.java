package org.nftgen.metrics.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.image.Pixels;
import org.nftgen.image.Resampler;
import org.nftgen.image.RgbImage;

/**
 * Random convolutional features: a fixed, seeded stack of {@code feature-depth} 4x4 stride-2
 * convolutions (no bias) with ReLU, widths {@code w, 2w, 4w, ...}; an image's features are the
 * spatial means of every block's activations (coarse colour/edge statistics from the first block,
 * larger shapes from the last), optionally followed by the per-channel colour mean and standard
 * deviation. Images are centre-cropped, resized to {@code feature-side} and scaled to [-1, 1] first.
 *
 * <p>Why random weights: no pretrained network can be downloaded here, and untrained convolutional
 * networks are a documented, stable basis for distribution distances (e.g. Naeem et al. 2020 on
 * randomly initialised embeddings for fidelity/diversity metrics; random features in kernel MMD
 * tests). They separate colour, texture and layout differences well but know nothing of semantics.
 * <b>KID and FID computed on them are not comparable with Inception-based values in papers</b>, and
 * are only comparable between evaluations with the same seed, side, width, depth and colour setting
 * ({@link #describe()} names them all).
 *
 * <p>Determinism: the weights are He-scaled Gaussians (std sqrt(2 / fan-in)) drawn by Box-Muller from
 * {@link SplittableRandom}s seeded from {@code feature-seed} and the layer index, in Java rather than
 * by DL4J's initialiser, so they do not change with DL4J's random generator. The same seed, settings
 * and images in the same batches give bit-identical features on the same machine and thread count;
 * batching images differently changes the BLAS blocking and so the last bits (about 1e-6 relative).
 *
 * <p>Not thread-safe (one DL4J network): use one instance per thread.
 */
public final class FeatureNetwork implements FeatureExtractor {
  private static final int KERNEL = 4;
  /** Per-channel colour mean and standard deviation. */
  private static final int COLOUR_FEATURES = 6;

  private final EvaluateSettings settings;
  private final MultiLayerNetwork net;
  private final int dimension;

  public FeatureNetwork(EvaluateSettings settings) {
    this.settings = settings;
    this.net = new MultiLayerNetwork(configuration(settings));
    net.init();
    int channels = 3;
    int width = settings.featureWidth();
    int total = 0;
    for (int layer = 0; layer < settings.featureDepth(); layer++) {
      net.getLayer(layer).setParam("W", heGaussian(settings.featureSeed(), layer, width, channels));
      total += width;
      channels = width;
      width *= 2;
    }
    this.dimension = total + (settings.colourStatistics() ? COLOUR_FEATURES : 0);
  }

  /** The network's configuration; its weights are overwritten after init (see the class comment). */
  static MultiLayerConfiguration configuration(EvaluateSettings s) {
    NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
        .seed(s.featureSeed())
        .dataType(DataType.FLOAT)
        .trainingWorkspaceMode(WorkspaceMode.NONE)
        .inferenceWorkspaceMode(WorkspaceMode.NONE) // feedForward's activations must outlive the call
        .list();
    int width = s.featureWidth();
    for (int layer = 0; layer < s.featureDepth(); layer++) {
      list.layer(new ConvolutionLayer.Builder()
          .kernelSize(KERNEL, KERNEL).stride(2, 2).padding(1, 1)
          .convolutionMode(ConvolutionMode.Truncate)
          .dataFormat(CNN2DFormat.NCHW)
          .nOut(width).hasBias(false).activation(Activation.RELU)
          .build());
      width *= 2;
    }
    list.setInputType(InputType.convolutional(s.featureSide(), s.featureSide(), 3, CNN2DFormat.NCHW));
    return list.build();
  }

  /** Weights {@code [out, in, 4, 4]} ~ N(0, 2 / (in * 16)), C order, one stream per layer. */
  private static INDArray heGaussian(long seed, int layer, int out, int in) {
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + layer);
    int fanIn = in * KERNEL * KERNEL;
    double std = Math.sqrt(2.0 / fanIn);
    float[] w = new float[out * fanIn];
    for (int i = 0; i < w.length; i += 2) {
      // Box-Muller: two independent N(0, 1) from two uniforms; 1 - u keeps the log finite.
      double radius = Math.sqrt(-2 * Math.log(1 - random.nextDouble()));
      double angle = 2 * Math.PI * random.nextDouble();
      w[i] = (float) (std * radius * Math.cos(angle));
      if (i + 1 < w.length) {
        w[i + 1] = (float) (std * radius * Math.sin(angle));
      }
    }
    return Nd4j.create(w, new long[] {out, in, KERNEL, KERNEL}, 'c');
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public String describe() {
    return "random-conv seed=" + settings.featureSeed() + " side=" + settings.featureSide()
        + " width=" + settings.featureWidth() + " depth=" + settings.featureDepth()
        + " colour=" + settings.colourStatistics() + " (not comparable with Inception FID/KID)";
  }

  @Override
  public float[][] features(List<RgbImage> images) {
    float[][] out = new float[images.size()][];
    int batch = settings.featureBatch();
    for (int start = 0; start < images.size(); start += batch) {
      List<RgbImage> chunk = images.subList(start, Math.min(images.size(), start + batch));
      List<byte[]> pixels = new ArrayList<>(chunk.size());
      for (RgbImage image : chunk) {
        pixels.add(atSide(image, settings.featureSide()).rgb());
      }
      float[][] features = batchFeatures(pixels);
      System.arraycopy(features, 0, out, start, features.length);
    }
    return out;
  }

  private float[][] batchFeatures(List<byte[]> pixels) {
    INDArray input = Pixels.toTensor(pixels, settings.featureSide());
    List<INDArray> activations = net.feedForward(input, false); // [input, block 1, ..., block depth]
    float[][] out = new float[pixels.size()][dimension];
    int offset = 0;
    for (int layer = 1; layer < activations.size(); layer++) {
      INDArray means = activations.get(layer).mean(2, 3).castTo(DataType.FLOAT).dup('c'); // [n, c]
      int c = (int) means.size(1);
      float[] flat = means.data().asFloat();
      for (int n = 0; n < pixels.size(); n++) {
        System.arraycopy(flat, n * c, out[n], offset, c);
      }
      offset += c;
    }
    if (settings.colourStatistics()) {
      for (int n = 0; n < pixels.size(); n++) {
        colourStatistics(pixels.get(n), out[n], offset);
      }
    }
    return out;
  }

  /** Mean and standard deviation of each channel, on the same [-1, 1] scale the network sees. */
  private static void colourStatistics(byte[] rgb, float[] into, int offset) {
    int pixels = rgb.length / 3;
    for (int ch = 0; ch < 3; ch++) {
      double sum = 0;
      double squares = 0;
      for (int i = 0; i < pixels; i++) {
        double v = (rgb[i * 3 + ch] & 255) / 127.5 - 1;
        sum += v;
        squares += v * v;
      }
      double mean = sum / pixels;
      into[offset + ch] = (float) mean;
      into[offset + 3 + ch] = (float) Math.sqrt(Math.max(0, squares / pixels - mean * mean));
    }
  }

  /** Centre-cropped and resized to {@code side}: area averaging to shrink, bicubic to enlarge. */
  static RgbImage atSide(RgbImage image, int side) {
    RgbImage square = Resampler.centerCrop(image);
    Resampler.Filter filter = square.width() >= side ? Resampler.Filter.AREA : Resampler.Filter.BICUBIC;
    return Resampler.resize(square, side, side, filter);
  }
}
