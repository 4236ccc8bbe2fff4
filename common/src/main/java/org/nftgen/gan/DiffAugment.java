package org.nftgen.gan;

import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.UniformDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Differentiable augmentation of the discriminator's inputs (DiffAugment, Zhao et al. 2020): every
 * image D sees, real or fake, in D's step and in G's, goes through the same kind of random colour
 * change, shift and cutout, so D cannot memorise the collection's exact pixels and G is not asked to
 * paint the augmentations (they happen to its fakes too, after it). Each augmentation is a linear
 * map of one image's pixels given its random draw, so {@link Applied#backward} sends G's gradient
 * back through exactly.
 *
 * <p>Differences from the paper's code, both for collections on flat backgrounds: a shift repeats
 * the edge pixels into the gap instead of filling it with 0 (mid grey), so a one-colour background
 * stays one colour; and the draws come from the GAN step's own RNG, which its snapshots keep, so a
 * resumed run augments as the uninterrupted one would.
 *
 * <p>Works on {@code [n, 3, h, w]} float arrays in [-1, 1]; per image it draws seven uniforms:
 * brightness, saturation, contrast, the shift's x and y, the cutout's centre x and y.
 */
final class DiffAugment {
  /** Uniforms drawn per image. */
  private static final int DRAWS = 7;
  /** Largest shift, as a fraction of the side (the paper's 1/8). */
  private static final double SHIFT = 0.125;
  /** Side of the cutout square, as a fraction of the image's (the paper's 1/2). */
  private static final double CUTOUT = 0.5;

  private DiffAugment() {}

  /** One batch's augmentation: its output and the draws that made it, to backpropagate through. */
  static final class Applied {
    private INDArray output;
    private final Set<Augmentation> policy;
    private final float[] draws;
    private final int n;
    private final int channels;
    private final int h;
    private final int w;

    private Applied(INDArray output, Set<Augmentation> policy, float[] draws, int n, int channels, int h, int w) {
      this.output = output;
      this.policy = policy;
      this.draws = draws;
      this.n = n;
      this.channels = channels;
      this.h = h;
      this.w = w;
    }

    INDArray output() {
      return output;
    }

    /** The gradient with respect to the images given the one with respect to {@link #output()}. */
    INDArray backward(INDArray outputGradient) {
      if (policy.isEmpty()) {
        return outputGradient;
      }
      float[] g = outputGradient.dup('c').data().asFloat();
      int size = channels * h * w;
      float[] image = new float[size];
      for (int i = 0; i < n; i++) {
        System.arraycopy(g, i * size, image, 0, size);
        // Backwards through the maps in reverse order of application.
        if (policy.contains(Augmentation.CUTOUT)) {
          cutout(image, i);
        }
        if (policy.contains(Augmentation.TRANSLATION)) {
          image = translateBackward(image, i);
        }
        if (policy.contains(Augmentation.COLOUR)) {
          colourBackward(image, i);
        }
        System.arraycopy(image, 0, g, i * size, size);
      }
      return Nd4j.create(g, outputGradient.shape(), 'c');
    }

    private void forward(float[] all) {
      int size = channels * h * w;
      float[] image = new float[size];
      for (int i = 0; i < n; i++) {
        System.arraycopy(all, i * size, image, 0, size);
        if (policy.contains(Augmentation.COLOUR)) {
          colour(image, i);
        }
        if (policy.contains(Augmentation.TRANSLATION)) {
          image = translate(image, i);
        }
        if (policy.contains(Augmentation.CUTOUT)) {
          cutout(image, i);
        }
        System.arraycopy(image, 0, all, i * size, size);
      }
    }

    private float draw(int image, int which) {
      return draws[image * DRAWS + which];
    }

    private float brightness(int i) {
      return draw(i, 0) - 0.5f;
    }

    private float saturation(int i) {
      return 2 * draw(i, 1);
    }

    private float contrast(int i) {
      return draw(i, 2) + 0.5f;
    }

    /** Shift in pixels along x (which = 3) or y (4): an integer in [-SHIFT side, SHIFT side]. */
    private int shift(int i, int which, int side) {
      int most = (int) Math.round(side * SHIFT);
      return Math.min(most, (int) Math.floor(draw(i, which) * (2 * most + 1)) - most);
    }

    /** x + b; then (x - grey) s + grey per pixel; then (x - mean) c + mean over the image. */
    private void colour(float[] x, int i) {
      float b = brightness(i);
      for (int k = 0; k < x.length; k++) {
        x[k] += b;
      }
      mixTowardsPixelMean(x, saturation(i));
      mixTowardsImageMean(x, contrast(i));
    }

    /**
     * The transpose of {@link #colour}: a brightness shift has the identity as its Jacobian, and
     * the two mixes are symmetric maps ({@code s I + (1 - s) J / m}), so each is its own transpose.
     */
    private void colourBackward(float[] g, int i) {
      mixTowardsImageMean(g, contrast(i));
      mixTowardsPixelMean(g, saturation(i));
    }

    /** {@code v <- s v + (1 - s) mean over channels of v}, at every pixel. */
    private void mixTowardsPixelMean(float[] v, float s) {
      int plane = h * w;
      for (int p = 0; p < plane; p++) {
        float mean = 0;
        for (int c = 0; c < channels; c++) {
          mean += v[c * plane + p];
        }
        mean /= channels;
        for (int c = 0; c < channels; c++) {
          v[c * plane + p] = s * v[c * plane + p] + (1 - s) * mean;
        }
      }
    }

    /** {@code v <- s v + (1 - s) mean of v} over the whole image. */
    private static void mixTowardsImageMean(float[] v, float s) {
      double sum = 0;
      for (float value : v) {
        sum += value;
      }
      float mean = (float) (sum / v.length);
      for (int k = 0; k < v.length; k++) {
        v[k] = s * v[k] + (1 - s) * mean;
      }
    }

    /** {@code y[c][r][q] = x[c][clamp(r - dy)][clamp(q - dx)]}. */
    private float[] translate(float[] x, int i) {
      int dx = shift(i, 3, w);
      int dy = shift(i, 4, h);
      float[] y = new float[x.length];
      for (int c = 0; c < channels; c++) {
        for (int r = 0; r < h; r++) {
          int from = c * h * w + clamp(r - dy, h) * w;
          for (int q = 0; q < w; q++) {
            y[c * h * w + r * w + q] = x[from + clamp(q - dx, w)];
          }
        }
      }
      return y;
    }

    /** The transpose of {@link #translate}: each output pixel's gradient goes to the pixel it was read from. */
    private float[] translateBackward(float[] g, int i) {
      int dx = shift(i, 3, w);
      int dy = shift(i, 4, h);
      float[] out = new float[g.length];
      for (int c = 0; c < channels; c++) {
        for (int r = 0; r < h; r++) {
          int to = c * h * w + clamp(r - dy, h) * w;
          for (int q = 0; q < w; q++) {
            out[to + clamp(q - dx, w)] += g[c * h * w + r * w + q];
          }
        }
      }
      return out;
    }

    /** Zeroes the cutout square: a diagonal 0/1 mask, its own transpose. */
    private void cutout(float[] v, int i) {
      int sideX = (int) Math.round(w * CUTOUT);
      int sideY = (int) Math.round(h * CUTOUT);
      int cx = Math.min(w - 1, (int) (draw(i, 5) * w));
      int cy = Math.min(h - 1, (int) (draw(i, 6) * h));
      int x0 = Math.max(0, cx - sideX / 2);
      int x1 = Math.min(w, cx - sideX / 2 + sideX);
      int y0 = Math.max(0, cy - sideY / 2);
      int y1 = Math.min(h, cy - sideY / 2 + sideY);
      for (int c = 0; c < channels; c++) {
        for (int r = y0; r < y1; r++) {
          java.util.Arrays.fill(v, c * h * w + r * w + x0, c * h * w + r * w + x1, 0f);
        }
      }
    }

    private static int clamp(int v, int side) {
      return Math.max(0, Math.min(side - 1, v));
    }
  }

  /**
   * {@code images} through {@code policy}, with fresh draws from {@code rng}; with an empty policy
   * the images themselves, and nothing drawn (so runs without augmentation keep their RNG stream).
   */
  static Applied apply(INDArray images, Set<Augmentation> policy, Random rng) {
    int n = (int) images.size(0);
    int channels = (int) images.size(1);
    int h = (int) images.size(2);
    int w = (int) images.size(3);
    if (policy.isEmpty()) {
      return new Applied(images, policy, new float[0], n, channels, h, w);
    }
    INDArray uniforms = Nd4j.createUninitialized(DataType.FLOAT, n, DRAWS);
    Nd4j.getExecutioner().exec(new UniformDistribution(uniforms, 0.0, 1.0), rng);
    float[] pixels = images.dup('c').data().asFloat();
    Applied applied = new Applied(null, policy, uniforms.data().asFloat(), n, channels, h, w);
    applied.forward(pixels);
    applied.output = Nd4j.create(pixels, images.shape(), 'c').castTo(images.dataType());
    return applied;
  }
}
