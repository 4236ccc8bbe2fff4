package org.nftgen.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nftgen.dcgan.DcganModels;
import org.nftgen.dcgan.DcganSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ModeSeekingTest {
  private static INDArray random(long seed, long... shape) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.randn(DataType.DOUBLE, shape).castTo(DataType.FLOAT);
  }

  @Test
  void aGeneratorThatMapsDifferentLatentsToOneImagePaysMore() {
    INDArray z = random(1, 4, 6, 1, 1);
    INDArray varied = random(2, 4, 3, 4, 4);
    INDArray collapsed = varied.dup();
    collapsed.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 4)).assign(
        varied.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)).add(0.01));
    double apart = ModeSeeking.of(varied, z, 1.0).loss();
    double together = ModeSeeking.of(collapsed, z, 1.0).loss();
    assertTrue(together > 20 * apart, together + " vs " + apart);
    assertEquals(0.0, ModeSeeking.of(varied, z, 0.0).loss());
  }

  /** The gradient is the term's own: a central finite difference agrees with it, pixel by pixel. */
  @Test
  void theGradientIsTheDerivativeOfTheTerm() {
    INDArray z = random(3, 5, 6, 1, 1);
    INDArray images = random(4, 5, 3, 2, 2).castTo(DataType.DOUBLE);
    INDArray gradient = ModeSeeking.of(images, z, 0.7).imageGradient();
    double h = 1e-4;
    double worst = 0;
    for (int i = 0; i < images.length(); i++) {
      INDArray plus = images.dup();
      plus.putScalar(i, plus.getDouble(i) + h);
      INDArray minus = images.dup();
      minus.putScalar(i, minus.getDouble(i) - h);
      double numeric = (ModeSeeking.of(plus, z, 0.7).loss() - ModeSeeking.of(minus, z, 0.7).loss()) / (2 * h);
      worst = Math.max(worst, Math.abs(numeric - gradient.getDouble(i)));
    }
    assertTrue(worst < 1e-3 * gradient.amaxNumber().doubleValue() + 1e-6, "largest gap " + worst);
    // The fifth image has no partner: no gradient.
    assertEquals(0.0, gradient.get(org.nd4j.linalg.indexing.NDArrayIndex.point(4)).amaxNumber().doubleValue());
  }

  @Test
  void theWeightComesFromTheConfigAndChangesOnlyTheGeneratorStepItIsOn() throws Exception {
    DcganSettings plain = GanFixtures.tiny();
    DcganSettings seeking = GanFixtures.tiny("nftgen.dcgan.mode-seeking=1");
    assertEquals(1.0, seeking.stabilisers().modeSeeking());
    assertEquals(0.0, plain.stabilisers().modeSeeking());
    INDArray real = GanFixtures.solidImages(8, 16, 5);
    float[] withTerm = generatorAfterOneStep(seeking, real);
    assertTrue(!java.util.Arrays.equals(generatorAfterOneStep(plain, real), withTerm),
        "the term must reach G's update");
    org.junit.jupiter.api.Assertions.assertArrayEquals(withTerm, generatorAfterOneStep(seeking, real),
        "deterministic: the same settings give the same update");
    org.nftgen.config.SettingsException e = org.junit.jupiter.api.Assertions.assertThrows(
        org.nftgen.config.SettingsException.class, () -> GanFixtures.tiny("nftgen.dcgan.mode-seeking=-1"));
    assertTrue(e.getMessage().contains("mode-seeking"), e.getMessage());
  }

  private static float[] generatorAfterOneStep(DcganSettings settings, INDArray real) throws Exception {
    try (GanStep gan = DcganModels.newGan(settings)) {
      gan.step(real);
      return gan.generator().params().toFloatVector();
    }
  }
}
