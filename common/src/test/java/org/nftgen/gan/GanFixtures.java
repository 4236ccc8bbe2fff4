package org.nftgen.gan;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.config.ConfigLayers;
import org.nftgen.dcgan.DcganSettings;

/** Tiny DCGANs and a trivially learnable dataset: solid-colour images. */
public final class GanFixtures {
  public static final DcganSettings DEFAULTS = DcganSettings.from(new ConfigLayers().load());
  /** 16x16 images, widths 8, batch 8: a step takes milliseconds. */
  public static final DcganSettings TINY = DEFAULTS.withShape(8, 8, 8, 16).withBatch(8);
  /** The data's colour in [-1, 1] per RGB channel. */
  public static final float[] COLOUR = {0.6f, -0.5f, 0.1f};

  private GanFixtures() {}

  /** The default DCGAN settings with these {@code --set} assignments, read as a job reads them. */
  public static DcganSettings settings(String... assignments) {
    ConfigLayers layers = new ConfigLayers();
    for (String assignment : assignments) {
      layers.overrideAssignment(assignment);
    }
    return DcganSettings.from(layers.load());
  }

  /** {@link #TINY} with these {@code --set} assignments. */
  public static DcganSettings tiny(String... assignments) {
    return settings(assignments).withShape(8, 8, 8, 16).withBatch(8);
  }

  /**
   * {@code n} solid images of {@link #COLOUR}, each shifted by up to +-0.05 per channel so that
   * no two are identical; deterministic in {@code seed}.
   */
  public static INDArray solidImages(int n, int side, long seed) {
    java.util.Random random = new java.util.Random(seed);
    INDArray images = Nd4j.create(DataType.FLOAT, n, 3, side, side);
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 3; c++) {
        float value = COLOUR[c] + (random.nextFloat() - 0.5f) * 0.1f;
        images.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i), org.nd4j.linalg.indexing.NDArrayIndex.point(c))
            .assign(value);
      }
    }
    return images;
  }

  /** Mean of each RGB channel over a batch of images [n, 3, h, w]. */
  public static double[] meanColour(INDArray images) {
    INDArray mean = images.mean(0, 2, 3);
    return new double[] {mean.getDouble(0), mean.getDouble(1), mean.getDouble(2)};
  }

  public static double distanceToData(double[] colour) {
    double sum = 0;
    for (int c = 0; c < 3; c++) {
      sum += (colour[c] - COLOUR[c]) * (colour[c] - COLOUR[c]);
    }
    return Math.sqrt(sum);
  }
}
