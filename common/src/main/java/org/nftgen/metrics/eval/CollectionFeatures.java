package org.nftgen.metrics.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.image.Pixels;
import org.nftgen.image.RgbImage;

/**
 * Features learned from the collection itself: an Exemplar-CNN (Dosovitskiy et al. 2014). A
 * {@link SmallCnn} learns to tell which of {@code exemplars} training images an augmented view
 * (shifted by up to an eighth of the side, mirrored, brightness and contrast jittered) was made
 * from.
 *
 * <p>Why this objective: the tokens of a collection differ by their traits (hats, eyes, clothes,
 * fur), so telling tokens apart under moves and lighting changes means recognising those parts.
 * The features are then about the collection's structure, not its colours and textures, which was
 * all the random network could see. And the objective needs no metadata and no augmentation that
 * the calibration corruptions use: noise, blur and pixel shuffles are never shown, so the features
 * are not told what the calibration tests (a network that had seen noisy views would learn to
 * ignore noise). Rotation prediction, the other cheap self-supervised task, is solved here by a
 * shortcut (the figures stand on the bottom edge).
 *
 * <p>An image's features are the spatial mean and standard deviation of every block's activations
 * (local strokes in the first, parts in the last; the deviations are the texture statistics that
 * noise, blur and scrambled strokes move, which means alone average away) followed by the dense
 * layer's outputs, each dimension standardised. Deterministic for a seed on one
 * machine and thread count. Not thread-safe.
 */
public final class CollectionFeatures implements FeatureExtractor {
  /** Training images (evenly spaced) whose features fix the standardisation. */
  static final int STANDARDISATION_IMAGES = 1024;
  private final MultiLayerNetwork net;
  private final YardstickSettings.Network settings;
  private final int side;
  private final int dimension;
  private final double finalLoss;
  /** Per-dimension mean and standard deviation of the exemplars' raw features (see {@link #features}). */
  private float[] mean;
  private float[] scale;
  private String fingerprint = "untrained";

  private CollectionFeatures(MultiLayerNetwork net, YardstickSettings.Network settings, int side, double finalLoss) {
    this.net = net;
    this.settings = settings;
    this.side = side;
    this.finalLoss = finalLoss;
    int width = settings.width();
    int total = 0;
    for (int b = 0; b < settings.depth(); b++) {
      total += width;
      width *= 2;
    }
    this.dimension = 2 * total + settings.dense();
  }

  /** The number of classes the network has for these settings and this many training images. */
  public static YardstickSettings.Network forImages(YardstickSettings.Network s, int trainingImages) {
    return new YardstickSettings.Network(Math.min(s.classes(), trainingImages), s.iterations(), s.batch(),
        s.width(), s.depth(), s.dense(), s.learningRate(), s.seed());
  }

  /** Trains the network on evenly spaced exemplars of {@code training}, images resized to {@code side}. */
  public static CollectionFeatures train(List<RgbImage> training, YardstickSettings.Network requested, int side) {
    if (training.size() < 2) {
      throw new IllegalArgumentException("collection features need at least 2 training images, got " + training.size());
    }
    YardstickSettings.Network s = forImages(requested, training.size());
    int classes = s.classes();
    List<RgbImage> exemplars = new ArrayList<>(classes);
    for (int c = 0; c < classes; c++) {
      exemplars.add(FeatureNetwork.atSide(training.get((int) ((long) c * training.size() / classes)), side));
    }
    MultiLayerNetwork net = SmallCnn.build(s, side);
    SplittableRandom random = new SplittableRandom(s.seed());
    double recent = 0;
    int window = Math.max(1, s.iterations() / 10);
    for (int it = 0; it < s.iterations(); it++) {
      int[] labels = new int[s.batch()];
      List<byte[]> views = new ArrayList<>(s.batch());
      for (int i = 0; i < labels.length; i++) {
        labels[i] = random.nextInt(classes);
        views.add(augment(exemplars.get(labels[i]), random).rgb());
      }
      net.fit(Pixels.toTensor(views, side), SmallCnn.oneHot(labels, classes));
      if (it >= s.iterations() - window) {
        recent += net.score() / window;
      }
    }
    CollectionFeatures trained = new CollectionFeatures(net, s, side, recent);
    List<RgbImage> sample = new ArrayList<>();
    int count = Math.min(training.size(), STANDARDISATION_IMAGES);
    for (int i = 0; i < count; i++) {
      sample.add(training.get((int) ((long) i * training.size() / count)));
    }
    trained.standardiseOn(sample);
    return trained;
  }

  /**
   * Fixes the per-dimension standardisation on training images' plain (un-augmented) features. The
   * dimensions differ in scale by orders of magnitude (the first block's means are small, the dense
   * outputs large), and KID, FID and the k-NN radii are Euclidean, so unstandardised they would
   * hear only the largest dimensions and miss the low-level ones that see noise and blur.
   */
  private void standardiseOn(List<RgbImage> images) {
    float[][] raw = rawFeatures(images);
    mean = new float[dimension];
    scale = new float[dimension];
    double[] sd = new double[dimension];
    for (int j = 0; j < dimension; j++) {
      double sum = 0;
      double squares = 0;
      for (float[] row : raw) {
        sum += row[j];
        squares += (double) row[j] * row[j];
      }
      double m = sum / raw.length;
      sd[j] = Math.sqrt(Math.max(0, squares / raw.length - m * m));
      mean[j] = (float) m;
    }
    // A unit that barely moves on real images (a dead ReLU) must not be blown up into the largest
    // dimension: deviations are floored at a tenth of the median one.
    double[] sorted = sd.clone();
    java.util.Arrays.sort(sorted);
    double floor = Math.max(1e-8, 0.1 * sorted[sorted.length / 2]);
    for (int j = 0; j < dimension; j++) {
      scale[j] = (float) (1 / Math.max(floor, sd[j]));
    }
  }

  /**
   * A network with saved state (see {@link #state()}); {@code s} as returned by {@link #forImages}.
   * The length is checked, so a file from other settings is refused rather than misread.
   */
  public static CollectionFeatures restore(float[] state, YardstickSettings.Network s, int side, double finalLoss) {
    MultiLayerNetwork net = SmallCnn.build(s, side);
    CollectionFeatures f = new CollectionFeatures(net, s, side, finalLoss);
    long params = net.numParams();
    if (state.length != params + 2L * f.dimension) {
      throw new IllegalArgumentException("saved collection features have " + state.length
          + " values, the configured network needs " + (params + 2L * f.dimension));
    }
    net.setParams(Nd4j.create(java.util.Arrays.copyOf(state, (int) params), new long[] {1, params}, 'c'));
    f.mean = java.util.Arrays.copyOfRange(state, (int) params, (int) params + f.dimension);
    f.scale = java.util.Arrays.copyOfRange(state, (int) params + f.dimension, state.length);
    return f;
  }

  /** Every parameter (batch-norm running statistics included), then the standardisation, flat. */
  public float[] state() {
    float[] params = net.params().castTo(DataType.FLOAT).dup().data().asFloat();
    float[] out = java.util.Arrays.copyOf(params, params.length + 2 * dimension);
    System.arraycopy(mean, 0, out, params.length, dimension);
    System.arraycopy(scale, 0, out, params.length + dimension, dimension);
    return out;
  }

  /** Mean cross-entropy over the last tenth of training: log(classes) is chance, 0 perfect. */
  public double finalLoss() {
    return finalLoss;
  }

  public YardstickSettings.Network settings() {
    return settings;
  }

  /** Names the saved parameters (e.g. their SHA-256) in {@link #describe()}. */
  public CollectionFeatures fingerprint(String value) {
    this.fingerprint = value;
    return this;
  }

  /**
   * A random view of {@code image}: shifted by up to side/8 in x and y (edge pixels repeated, as
   * the flat backgrounds continue), mirrored left-right half the time, contrast x[0.9, 1.1] and
   * brightness +-0.08.
   */
  static RgbImage augment(RgbImage image, SplittableRandom random) {
    int w = image.width();
    int h = image.height();
    int reach = Math.max(1, w / 8);
    int dx = random.nextInt(-reach, reach + 1);
    int dy = random.nextInt(-reach, reach + 1);
    boolean mirror = random.nextBoolean();
    double contrast = 0.9 + 0.2 * random.nextDouble();
    double brightness = (random.nextDouble() - 0.5) * 0.16 * 255;
    byte[] src = image.rgb();
    byte[] out = new byte[src.length];
    for (int y = 0; y < h; y++) {
      int sy = Math.min(h - 1, Math.max(0, y - dy));
      for (int x = 0; x < w; x++) {
        int sx = Math.min(w - 1, Math.max(0, (mirror ? w - 1 - x : x) - dx));
        int from = (sy * w + sx) * 3;
        int to = (y * w + x) * 3;
        for (int c = 0; c < 3; c++) {
          double v = ((src[from + c] & 255) - 127.5) * contrast + 127.5 + brightness;
          out[to + c] = (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
        }
      }
    }
    return new RgbImage(w, h, out);
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public String describe() {
    return "collection exemplar-cnn classes=" + settings.classes() + " iterations=" + settings.iterations()
        + " width=" + settings.width() + " depth=" + settings.depth() + " dense=" + settings.dense()
        + " seed=" + settings.seed() + " side=" + side + " params=" + fingerprint;
  }

  /** Standardised features: each dimension centred and scaled by the exemplars' statistics. */
  @Override
  public float[][] features(List<RgbImage> images) {
    float[][] out = rawFeatures(images);
    for (float[] row : out) {
      for (int j = 0; j < dimension; j++) {
        row[j] = (row[j] - mean[j]) * scale[j];
      }
    }
    return out;
  }

  private float[][] rawFeatures(List<RgbImage> images) {
    float[][] out = new float[images.size()][];
    int batch = settings.batch();
    for (int start = 0; start < images.size(); start += batch) {
      List<byte[]> pixels = new ArrayList<>();
      for (RgbImage image : images.subList(start, Math.min(images.size(), start + batch))) {
        pixels.add(FeatureNetwork.atSide(image, side).rgb());
      }
      List<INDArray> activations = SmallCnn.activations(net, Pixels.toTensor(pixels, side));
      List<float[][]> parts = new ArrayList<>();
      for (int b = 0; b < settings.depth(); b++) {
        INDArray a = activations.get(SmallCnn.blockActivation(b)).castTo(DataType.FLOAT);
        parts.add(a.mean(2, 3).toFloatMatrix());
        parts.add(a.std(false, 2, 3).toFloatMatrix());
      }
      parts.add(activations.get(SmallCnn.denseActivation(settings.depth())).castTo(DataType.FLOAT).toFloatMatrix());
      for (int n = 0; n < pixels.size(); n++) {
        float[] row = new float[dimension];
        int offset = 0;
        for (float[][] part : parts) {
          System.arraycopy(part[n], 0, row, offset, part[n].length);
          offset += part[n].length;
        }
        out[start + n] = row;
      }
    }
    return out;
  }
}
