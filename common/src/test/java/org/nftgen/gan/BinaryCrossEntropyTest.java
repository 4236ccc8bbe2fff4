package org.nftgen.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nftgen.dcgan.DcganModels;

class BinaryCrossEntropyTest {
  private static double sigmoid(double l) {
    return 1 / (1 + Math.exp(-l));
  }

  @Test
  void lossProbabilityAndGradientMatchTheFormulas() {
    float[] logits = {-2f, -0.5f, 0f, 1.5f};
    for (float label : new float[] {Labels.REAL, Labels.FAKE}) {
      BinaryCrossEntropy bce = BinaryCrossEntropy.of(Nd4j.createFromArray(logits).reshape(4, 1, 1, 1), label);
      double loss = 0;
      double probability = 0;
      float[] gradient = new float[4];
      for (int i = 0; i < 4; i++) {
        double p = sigmoid(logits[i]);
        loss -= label * Math.log(p) + (1 - label) * Math.log(1 - p);
        probability += p;
        gradient[i] = (float) (p - label);
      }
      assertEquals(loss / 4, bce.meanLoss(), 1e-6);
      assertEquals(probability / 4, bce.meanProbability(), 1e-6);
      assertArrayEquals(new long[] {4, 1, 1, 1}, bce.logitGradient().shape());
      assertArrayEquals(gradient, bce.logitGradient().ravel().toFloatVector(), 1e-6f);
    }
  }

  @Test
  void confidentLogitsGiveFiniteLosses() {
    INDArray logits = Nd4j.createFromArray(100f, -100f);
    // The naive log(1 + e^l) overflows float: the reason for the stable form.
    assertTrue(Double.isInfinite(Transforms.softPlus(logits, true).getDouble(0)));
    BinaryCrossEntropy asReal = BinaryCrossEntropy.of(logits, Labels.REAL);
    assertEquals(50.0, asReal.meanLoss(), 1e-4); // (0 + 100) / 2
    BinaryCrossEntropy asFake = BinaryCrossEntropy.of(logits, Labels.FAKE);
    assertEquals(50.0, asFake.meanLoss(), 1e-4);
  }
}
