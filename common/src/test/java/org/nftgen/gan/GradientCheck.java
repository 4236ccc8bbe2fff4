package org.nftgen.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.BinaryOperator;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Hand-written backward passes against central differences. */
public final class GradientCheck {
  private GradientCheck() {}

  /** Asserts {@code backward(x, e)} is the gradient of {@code L = sum(e * forward(x))} at every element of {@code x} (use double precision). */
  public static void assertBackwardMatches(UnaryOperator<INDArray> forward, BinaryOperator<INDArray> backward,
      INDArray x, INDArray e, double tolerance) {
    assertGradientMatches(v -> forward.apply(v).mul(e).sumNumber().doubleValue(), backward.apply(x, e), x, tolerance);
  }

  /**
   * Asserts {@code analytic} is the gradient of {@code objective} at every element of {@code x}
   * (use double precision): for a backward pass that adds a penalty's gradient to the output's.
   */
  public static void assertGradientMatches(ToDoubleFunction<INDArray> objective, INDArray analytic, INDArray x,
      double tolerance) {
    assertArrayEquals(x.shape(), analytic.shape());
    double h = 1e-6;
    for (int k = 0; k < x.length(); k++) {
      INDArray plus = x.dup();
      plus.data().put(k, x.data().getDouble(k) + h);
      INDArray minus = x.dup();
      minus.data().put(k, x.data().getDouble(k) - h);
      double numeric = (objective.applyAsDouble(plus) - objective.applyAsDouble(minus)) / (2 * h);
      assertEquals(numeric, analytic.data().getDouble(k), tolerance, "d L / d x[" + k + "]");
    }
  }
}
