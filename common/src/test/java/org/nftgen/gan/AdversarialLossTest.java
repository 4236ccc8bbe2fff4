package org.nftgen.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.config.ConfigLayers;
import org.nftgen.config.SettingsException;
import org.nftgen.dcgan.DcganSettings;

class AdversarialLossTest {
  private static INDArray logits() {
    return Nd4j.createFromArray(2f, 0.5f, -0.5f, -2f).reshape(4, 1, 1, 1);
  }

  private static float[] flat(INDArray a) {
    return a.reshape(-1).toFloatVector();
  }

  @Test
  void hingeChargesOnlyLogitsInsideTheMargin() {
    LogitLoss real = AdversarialLoss.HINGE.onReal(logits(), Labels.REAL);
    assertArrayEquals(new float[] {0, 0.5f, 1.5f, 3}, flat(real.losses()), 1e-6f);
    assertArrayEquals(new float[] {0, -1, -1, -1}, flat(real.logitGradient()), 1e-6f);
    assertEquals(1.25, real.meanLoss(), 1e-6);
    LogitLoss fake = AdversarialLoss.HINGE.onFake(logits());
    assertArrayEquals(new float[] {3, 1.5f, 0.5f, 0}, flat(fake.losses()), 1e-6f);
    assertArrayEquals(new float[] {1, 1, 1, 0}, flat(fake.logitGradient()), 1e-6f);
    LogitLoss generator = AdversarialLoss.HINGE.forGenerator(logits());
    assertArrayEquals(new float[] {-2, -0.5f, 0.5f, 2}, flat(generator.losses()), 1e-6f);
    assertArrayEquals(new float[] {-1, -1, -1, -1}, flat(generator.logitGradient()), 1e-6f);
    // D(x) is still reported as sigmoid(logit), comparable across losses.
    assertEquals(0.5, generator.meanProbability(), 1e-6, "symmetric logits");
    assertArrayEquals(new long[] {4, 1, 1, 1}, generator.logitGradient().shape());
  }

  @Test
  void crossEntropyIsTheDcgansNonSaturatingLoss() {
    LogitLoss generator = AdversarialLoss.BCE.forGenerator(logits());
    BinaryCrossEntropy expected = BinaryCrossEntropy.of(logits(), Labels.REAL);
    assertArrayEquals(flat(expected.losses()), flat(generator.losses()));
    assertArrayEquals(flat(expected.logitGradient()), flat(generator.logitGradient()));
    LogitLoss smoothed = AdversarialLoss.BCE.onReal(logits(), 0.9f);
    assertEquals(BinaryCrossEntropy.of(logits(), 0.9f).meanLoss(), smoothed.meanLoss(), 1e-9);
    assertEquals(BinaryCrossEntropy.of(logits(), Labels.FAKE).meanLoss(),
        AdversarialLoss.BCE.onFake(logits()).meanLoss(), 1e-9);
  }

  @Test
  void hingeIsChosenInConfigAndRefusesLabelSmoothing() {
    DcganSettings hinge = DcganSettings.from(new ConfigLayers().overrideAssignment("nftgen.dcgan.loss=hinge").load());
    assertEquals(AdversarialLoss.HINGE, hinge.stabilisers().loss());
    SettingsException e = assertThrows(SettingsException.class, () -> DcganSettings.from(new ConfigLayers()
        .overrideAssignment("nftgen.dcgan.loss=hinge").overrideAssignment("nftgen.dcgan.label-smoothing=0.1").load()));
    assertTrue(e.getMessage().contains("nftgen.dcgan.label-smoothing"), e.getMessage());
    SettingsException unknown = assertThrows(SettingsException.class,
        () -> DcganSettings.from(new ConfigLayers().overrideAssignment("nftgen.dcgan.loss=wasserstein").load()));
    assertTrue(unknown.getMessage().contains("nftgen.dcgan.loss"), unknown.getMessage());
  }
}
