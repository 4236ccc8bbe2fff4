package org.nftgen.dcgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nftgen.gan.GanFixtures.solidImages;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nftgen.gan.GanFixtures;
import org.nftgen.gan.GanState;
import org.nftgen.gan.GanStep;

/** The mask penalty in training: it closes the layered generator's mask, and training stays reproducible. */
class MaskPenaltyTest {
  private static final int STEPS = 12;
  /**
   * Adam moves every parameter by about the learning rate per step whatever the gradient's scale, so
   * a dozen steps at the default 2e-4 barely move the mask; 1e-2 shows in a dozen.
   */
  private static final DcganSettings LAYERED = layered(0);

  /** The layered output with a fast learning rate and this mask penalty. */
  private static DcganSettings layered(double maskPenalty) {
    return layered(maskPenalty, 0);
  }

  /** The layered output with a fast learning rate, this mask penalty and this binarisation. */
  private static DcganSettings layered(double maskPenalty, double maskBinarisation) {
    return GanFixtures.tiny("nftgen.dcgan.learning-rate=0.01", "nftgen.dcgan.upsampling=resize",
        "nftgen.dcgan.flat-background=true", "nftgen.dcgan.mask-penalty=" + maskPenalty,
        "nftgen.dcgan.mask-binarisation=" + maskBinarisation);
  }

  /** The generator's mask over a fixed batch of latents. */
  private static INDArray mask(GanStep gan) {
    Nd4j.getRandom().setSeed(99);
    INDArray z = Nd4j.randn(DataType.FLOAT, 16, LAYERED.nz(), 1, 1);
    List<INDArray> activations = gan.generator().feedForward(z, false);
    // The activation before the composite: the last convolution's seven channels.
    INDArray sevenChannels = activations.get(activations.size() - 2);
    INDArray logit = sevenChannels.get(NDArrayIndex.all(), NDArrayIndex.point(3), NDArrayIndex.all(), NDArrayIndex.all());
    return Transforms.sigmoid(logit.add(FlatBackgroundLayer.MASK_OFFSET), false);
  }

  private static double meanMask(GanStep gan) {
    return mask(gan).meanNumber().doubleValue();
  }

  /** The share of mask values between 0.1 and 0.9: half open, a semi-transparent figure. */
  private static double halfOpen(GanStep gan) {
    INDArray m = mask(gan);
    long between = 0;
    for (float v : m.reshape(m.length()).toFloatVector()) {
      if (v > 0.1f && v < 0.9f) {
        between++;
      }
    }
    return between / (double) m.length();
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
    try (GanStep gan = DcganModels.newGan(LAYERED)) {
      train(gan);
      plain = meanMask(gan);
    }
    try (GanStep gan = DcganModels.newGan(layered(200))) {
      train(gan);
      penalised = meanMask(gan);
    }
    // Same seed, data and steps: only the penalty differs.
    assertTrue(penalised < 0.5 * plain, "mean mask " + penalised + " with the penalty, " + plain + " without");
  }

  @Test
  void aBinarisedGeneratorEndsWithFewerHalfOpenMaskPixelsThanTheSameRunWithout() throws Exception {
    double plain;
    double binarised;
    // Same seed, data and steps: only the binarisation differs.
    try (GanStep gan = DcganModels.newGan(layered(0, 0))) {
      train(gan);
      plain = halfOpen(gan);
    }
    try (GanStep gan = DcganModels.newGan(layered(0, 400))) {
      train(gan);
      binarised = halfOpen(gan);
    }
    assertTrue(binarised < 0.5 * plain, "half-open share " + binarised + " binarised, " + plain + " without");
  }

  @Test
  void trainingWithThePenaltyIsReproducible() throws Exception {
    DcganSettings s = layered(5);
    GanState first;
    GanState second;
    try (GanStep gan = DcganModels.newGan(s)) {
      first = train(gan);
    }
    try (GanStep gan = DcganModels.newGan(s)) {
      second = train(gan);
    }
    assertEquals(first, second);
  }
}
