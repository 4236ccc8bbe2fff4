package org.nftgen.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nftgen.train.GanFixtures.solidImages;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nftgen.config.ConfigLayers;
import org.nftgen.model.DcganSettings;
import org.nftgen.model.FlatBackgroundLayer;
import org.nftgen.model.Upsampling;

/** The mask penalty in training: it closes the layered generator's mask, and training stays reproducible. */
class MaskPenaltyTest {
  private static final int STEPS = 12;
  /**
   * Adam moves every parameter by about the learning rate per step whatever the gradient's scale, so
   * a dozen steps at the default 2e-4 barely move the mask; 1e-2 shows in a dozen.
   */
  private static final DcganSettings LAYERED = DcganSettings.from(new ConfigLayers()
          .overrideAssignment("nftgen.dcgan.learning-rate=0.01").load())
      .withShape(8, 8, 8, 16).withBatch(8).withUpsampling(Upsampling.RESIZE).withFlatBackground(true);

  /** Mean of the generator's mask over a fixed batch of latents. */
  private static double meanMask(GanStep gan) {
    Nd4j.getRandom().setSeed(99);
    INDArray z = Nd4j.randn(DataType.FLOAT, 16, LAYERED.nz(), 1, 1);
    List<INDArray> activations = gan.generator().feedForward(z, false);
    // The activation before the composite: the last convolution's seven channels.
    INDArray sevenChannels = activations.get(activations.size() - 2);
    INDArray logit = sevenChannels.get(NDArrayIndex.all(), NDArrayIndex.point(3), NDArrayIndex.all(), NDArrayIndex.all());
    return Transforms.sigmoid(logit.add(FlatBackgroundLayer.MASK_OFFSET), false).meanNumber().doubleValue();
  }

  private static GanState train(GanStep gan) {
    for (int i = 0; i < STEPS; i++) {
      gan.step(solidImages(8, 16, i));
    }
    return gan.snapshot();
  }

  @Test
  void aPenalisedGeneratorEndsWithLessMaskThanTheSameRunWithout() throws Exception {
    double plain;
    double penalised;
    try (GanStep gan = GanStep.create(LAYERED)) {
      train(gan);
      plain = meanMask(gan);
    }
    try (GanStep gan = GanStep.create(LAYERED.withMaskPenalty(200))) {
      train(gan);
      penalised = meanMask(gan);
    }
    // Same seed, data and steps: only the penalty differs.
    assertTrue(penalised < 0.5 * plain, "mean mask " + penalised + " with the penalty, " + plain + " without");
  }

  @Test
  void trainingWithThePenaltyIsReproducible() throws Exception {
    DcganSettings s = LAYERED.withMaskPenalty(5);
    GanState first;
    GanState second;
    try (GanStep gan = GanStep.create(s)) {
      first = train(gan);
    }
    try (GanStep gan = GanStep.create(s)) {
      second = train(gan);
    }
    assertEquals(first, second);
  }
}
