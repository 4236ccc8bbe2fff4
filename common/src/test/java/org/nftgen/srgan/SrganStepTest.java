package org.nftgen.srgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.config.ConfigLayers;

/** The adversarial step updates both networks in the directions its losses say. */
class SrganStepTest {
  static final SrganSettings TINY = SrganSettings.from(new ConfigLayers().load())
      .withShape(2, 1, 8, 4, 8, 16, 16, 4);

  private static SrganStep step(double adversarialWeight) {
    ComputationGraph g = new ComputationGraph(SrganModels.generator(TINY, false));
    g.init();
    MultiLayerNetwork d = new MultiLayerNetwork(SrganModels.discriminator(TINY));
    d.init();
    return new SrganStep(g, d, ContentLoss.pixels(0), adversarialWeight);
  }

  private static Patches.Batch batch() {
    INDArray hr = Nd4j.rand(DataType.FLOAT, 4, 3, 16, 16).muli(2).subi(1);
    INDArray lr = Nd4j.rand(DataType.FLOAT, 4, 3, 8, 8).muli(2).subi(1);
    return new Patches.Batch(lr, hr, hr.like().assign(0));
  }

  @Test
  void contentLossFallsAndTheDiscriminatorLearnsToTellRealFromFake() {
    Nd4j.getRandom().setSeed(5);
    Patches.Batch batch = batch();
    SrganStep step = step(1e-3);
    SrganStep.Stats first = step.step(batch);
    SrganStep.Stats last = first;
    for (int i = 0; i < 40; i++) {
      last = step.step(batch);
    }
    // Random targets and a last layer that starts at zero: a slow start, but a steady fall.
    assertTrue(last.contentLoss() < first.contentLoss() * 0.9, first + " -> " + last);
    assertTrue(last.meanDReal() > last.meanDFake(), last.toString());
    assertEquals(41, step.snapshot().generatorIterations());
  }

  @Test
  void theAdversarialTermChangesTheGeneratorUpdate() {
    Patches.Batch batch = batch();
    SrganStep plain = step(0);
    SrganStep adversarial = step(1.0);
    plain.step(batch);
    adversarial.step(batch);
    // Same start, same batch: the generators differ only through D's input gradient.
    float[] a = plain.snapshot().generatorParams();
    float[] b = adversarial.snapshot().generatorParams();
    assertTrue(!java.util.Arrays.equals(a, b));
    // ...and D learns the same either way: its update does not depend on the weight.
    assertTrue(java.util.Arrays.equals(plain.snapshot().discriminatorParams(),
        adversarial.snapshot().discriminatorParams()));
  }

  @Test
  void snapshotAndRestoreRoundTrip() {
    SrganStep a = step(1e-3);
    a.step(Patches.draw(java.util.List.of(new byte[16 * 16 * 3]), TINY, new SplittableRandom(1), 4));
    SrganState state = a.snapshot();
    SrganStep b = step(1e-3);
    b.restore(state);
    assertEquals(state, b.snapshot());
  }
}
