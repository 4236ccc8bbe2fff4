package org.nftgen.gan;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.data.TraitLabels;

/**
 * What a conditional DCGAN is conditioned on: per trait type of its {@link TraitLabels}, the class of
 * the image's value, as one one-hot block per type side by side ({@link #width} numbers in all). A
 * class of -1 (an image without metadata, or a value the labels do not know) is a block of zeros:
 * the model then sees no condition for that type.
 *
 * <p>Training records carry their classes behind the pixels ({@link #withClasses}), so shards,
 * broadcasts and the averaging loop stay byte arrays whatever the model.
 */
public final class TraitCondition {
  /** The file beside a conditional model's state in each checkpoint: its {@link TraitLabels}, as JSON. */
  public static final String FILE = "conditions.json";
  /** Bytes per trait type behind a record's pixels: the class plus one, big-endian (0: none). */
  private static final int BYTES_PER_TYPE = 2;
  /** Most classes a type may have, so that a class fits {@link #BYTES_PER_TYPE}. */
  public static final int MAX_CLASSES = 65534;

  private TraitCondition() {}

  /** Numbers in a condition vector: the labels' classes over all types. */
  public static int width(TraitLabels labels) {
    int width = 0;
    for (int t = 0; t < labels.types().size(); t++) {
      width += labels.classCount(t);
    }
    return width;
  }

  /** {@code [n, width]}: row i the one-hot blocks of {@code classes[i]} (one class per type, -1: none). */
  public static INDArray oneHot(TraitLabels labels, int[][] classes) {
    int width = width(labels);
    float[] v = new float[classes.length * width];
    for (int i = 0; i < classes.length; i++) {
      if (classes[i].length != labels.types().size()) {
        throw new IllegalArgumentException(classes[i].length + " classes for " + labels.types().size() + " trait types");
      }
      int offset = 0;
      for (int t = 0; t < classes[i].length; t++) {
        int c = classes[i][t];
        if (c >= labels.classCount(t)) {
          throw new IllegalArgumentException("class " + c + " of trait type " + labels.types().get(t) + " has only "
              + labels.classCount(t) + " values");
        }
        if (c >= 0) {
          v[i * width + offset + c] = 1f;
        }
        offset += labels.classCount(t);
      }
    }
    return Nd4j.create(v, new long[] {classes.length, width}, 'c').castTo(DataType.FLOAT);
  }

  /**
   * One image's classes: {@code fixed[t]} where it is not -1, otherwise drawn from the collection's
   * shares of the type's values (its rarity table), each type on its own, from {@code seed} alone.
   */
  public static int[] draw(TraitLabels labels, long seed, int[] fixed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] out = new int[labels.types().size()];
    for (int t = 0; t < out.length; t++) {
      List<Integer> counts = labels.counts().get(labels.types().get(t));
      int total = counts.stream().mapToInt(Integer::intValue).sum();
      // Drawn even when fixed, so that fixing one type leaves the others' draws as they were.
      int pick = total > 0 ? random.nextInt(total) : 0;
      int c = 0;
      while (c < counts.size() - 1 && pick >= counts.get(c)) {
        pick -= counts.get(c);
        c++;
      }
      out[t] = fixed != null && fixed[t] >= 0 ? fixed[t] : c;
    }
    return out;
  }

  /** A training record: the image's pixels followed by its classes. */
  public static byte[] withClasses(byte[] pixels, int[] classes) {
    byte[] record = Arrays.copyOf(pixels, pixels.length + classes.length * BYTES_PER_TYPE);
    for (int t = 0; t < classes.length; t++) {
      if (classes[t] > MAX_CLASSES) {
        throw new IllegalArgumentException("class " + classes[t] + " over " + MAX_CLASSES);
      }
      int code = classes[t] + 1;
      record[pixels.length + t * BYTES_PER_TYPE] = (byte) (code >>> 8);
      record[pixels.length + t * BYTES_PER_TYPE + 1] = (byte) code;
    }
    return record;
  }

  /** The classes of a {@link #withClasses} record of {@code pixelBytes} pixel bytes and {@code types} types. */
  public static int[] classes(byte[] record, int pixelBytes, int types) {
    if (record.length != pixelBytes + types * BYTES_PER_TYPE) {
      throw new IllegalArgumentException("a record of " + record.length + " bytes is not " + pixelBytes
          + " pixel bytes and " + types + " trait classes");
    }
    int[] out = new int[types];
    for (int t = 0; t < types; t++) {
      int at = pixelBytes + t * BYTES_PER_TYPE;
      out[t] = ((record[at] & 255) << 8 | (record[at + 1] & 255)) - 1;
    }
    return out;
  }

  /**
   * What G takes for latents {@code z [n, nz, 1, 1]} and conditions {@code [n, width]}: both along
   * channels, {@code [n, nz + width, 1, 1]}; {@code z} itself when {@code condition} is null.
   *
   * <p>The one-hot blocks are scaled to the norm of z ({@code sqrt(nz / types)} each; z's norm is
   * about {@code sqrt(nz)}), so that from the first step the traits weigh in G's first layer as
   * much as z does, as StyleGAN2-ADA normalises its embedded label like z. Unscaled (a single 1
   * per type beside 100 N(0, 1) numbers) they were a few percent of the first layer's input, and a
   * tiny G took a thousand steps to stop making one colour for both of two colour traits.
   */
  public static INDArray generatorInput(INDArray z, INDArray condition, TraitLabels labels) {
    if (condition == null) {
      return z;
    }
    int types = labels.types().size();
    long n = z.size(0);
    if (condition.size(0) != n) {
      throw new IllegalArgumentException(condition.size(0) + " conditions for " + n + " latents");
    }
    double gain = Math.sqrt(z.size(1) / (double) types);
    return Nd4j.concat(1, z, condition.castTo(z.dataType()).mul(gain).reshape('c', n, condition.size(1), 1, 1));
  }
}
