package org.nftgen.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Hand-written backward passes against central differences of {@code L = sum(e * forward(x))}. */
public final class GradientCheck {
  private GradientCheck() {}

  /** Asserts {@code backward(x, e)} is {@code dL/dx} at every element of {@code x} (use double precision). */
  public static void assertBackwardMatches(UnaryOperator<INDArray> forward, BinaryOperator<INDArray> backward,
      INDArray x, INDArray e, double tolerance) {
    INDArray analytic = backward.apply(x, e);
    assertArrayEquals(x.shape(), analytic.shape());
    double h = 1e-6;
    for (int k = 0; k < x.length(); k++) {
      INDArray plus = x.dup();
      plus.data().put(k, x.data().getDouble(k) + h);
      INDArray minus = x.dup();
      minus.data().put(k, x.data().getDouble(k) - h);
      double numeric = (forward.apply(plus).mul(e).sumNumber().doubleValue()
          - forward.apply(minus).mul(e).sumNumber().doubleValue()) / (2 * h);
      assertEquals(numeric, analytic.data().getDouble(k), tolerance, "d L / d x[" + k + "]");
    }
  }
}
