package org.nftgen.dcgan;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.gan.GanStep;
import org.nftgen.gan.TraitCondition;
import org.nftgen.image.ImageGrid;
import org.nftgen.image.Pixels;
import org.nftgen.image.PngCodec;
import org.nftgen.io.HadoopFiles;

/**
 * Sample grids of a training run, {@code samples/round-NNNNNNNN.png}: the generator's images for
 * one fixed grid of latents (seeded by the model seed), so grids of different rounds compare; for a
 * conditional model, with a fixed grid of traits drawn from the collection's rarities.
 */
public final class SampleGrid {
  public static final String FOLDER = "samples";
  private final Path folder;
  private final int side;
  private final int cell;
  private final INDArray latents;
  /** The cells' trait conditions, drawn from the collection's rarities; null for an unconditional model. */
  private final INDArray conditions;
  private final org.nftgen.data.TraitLabels labels;
  private final Configuration conf;

  /**
   * @param side the grid's side in images ({@code nftgen.train.sample-grid})
   * @param minCell the least pixels per image ({@code nftgen.train.sample-cell})
   */
  public SampleGrid(Path runDir, DcganSettings model, int side, int minCell, Configuration conf) {
    this.folder = new Path(runDir, FOLDER);
    this.side = side;
    this.cell = Math.max(minCell, model.resolution());
    this.conf = conf;
    try (Random rng = Nd4j.getRandomFactory().getNewRandomInstance(model.seed() ^ 0x5A4D1E5L)) {
      INDArray z = Nd4j.createUninitialized(DataType.FLOAT, (long) side * side, model.nz(), 1, 1);
      this.latents = Nd4j.getExecutioner().exec(new GaussianDistribution(z, 0.0, 1.0), rng);
    } catch (Exception e) {
      throw new IllegalStateException("cannot draw the sample latents", e);
    }
    this.labels = model.conditional() ? model.conditions() : null;
    if (model.conditional()) {
      int[][] classes = new int[side * side][];
      for (int i = 0; i < classes.length; i++) {
        classes[i] = TraitCondition.draw(model.conditions(), model.seed() ^ (0x5A4D1E5L + i), null);
      }
      this.conditions = TraitCondition.oneHot(model.conditions(), classes);
    } else {
      this.conditions = null;
    }
  }

  /** Writes the grid of {@code gan}'s sampling generator (inference mode) for this round. */
  public Path write(GanStep gan, long round) {
    INDArray images = gan.sampler().output(TraitCondition.generatorInput(latents, conditions, labels), false);
    Path file = new Path(folder, String.format("round-%08d.png", round));
    HadoopFiles.writeAtomically(file, PngCodec.encode(ImageGrid.of(Pixels.toImages(images), side, cell)), conf);
    return file;
  }
}
