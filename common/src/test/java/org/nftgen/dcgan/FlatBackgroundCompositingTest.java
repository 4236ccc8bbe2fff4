package org.nftgen.dcgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The layer's maths against an independent per-pixel computation and finite differences, in double. */
class FlatBackgroundCompositingTest {
  private static final int N = 2;
  private static final int H = 3;
  private static final int W = 4;

  private static INDArray input(long seed) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.randn(DataType.DOUBLE, N, FlatBackgroundLayer.INPUT_CHANNELS, H, W).muli(1.5);
  }

  private static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  /** The composite of one output value, written out pixel by pixel. */
  private static double expected(INDArray x, int i, int c, int y, int xx) {
    double mean = 0;
    for (int yy = 0; yy < H; yy++) {
      for (int xxx = 0; xxx < W; xxx++) {
        mean += x.getDouble(i, 4 + c, yy, xxx);
      }
    }
    double background = Math.tanh(mean / (H * W));
    double mask = sigmoid(x.getDouble(i, 3, y, xx) + FlatBackgroundLayer.MASK_OFFSET);
    double foreground = Math.tanh(x.getDouble(i, c, y, xx));
    return mask * foreground + (1 - mask) * background;
  }

  /**
   * The scalar whose gradient the backward pass returns: sum(e * y) + sum over images of
   * (penalty * mean(mask) + binarisation * mean(mask (1 - mask))).
   */
  private static double objective(INDArray x, INDArray e, double penalty, double binarisation) {
    double total = FlatBackgroundCompositing.forward(x).mul(e).sumNumber().doubleValue();
    for (int i = 0; i < N; i++) {
      for (int y = 0; y < H; y++) {
        for (int xx = 0; xx < W; xx++) {
          double m = sigmoid(x.getDouble(i, 3, y, xx) + FlatBackgroundLayer.MASK_OFFSET);
          total += (penalty * m + binarisation * m * (1 - m)) / (H * W);
        }
      }
    }
    return total;
  }

  @Test
  void forwardIsMaskTimesForegroundPlusTheRestTimesTheImagesBackgroundColour() {
    INDArray x = input(3);
    INDArray y = FlatBackgroundCompositing.forward(x);
    assertEquals(4, y.rank());
    assertEquals(3, y.size(1));
    for (int i = 0; i < N; i++) {
      for (int c = 0; c < 3; c++) {
        for (int yy = 0; yy < H; yy++) {
          for (int xx = 0; xx < W; xx++) {
            assertEquals(expected(x, i, c, yy, xx), y.getDouble(i, c, yy, xx), 1e-12, i + "," + c + "," + yy + "," + xx);
          }
        }
      }
    }
  }

  @Test
  void backwardMatchesFiniteDifferencesWithAndWithoutThePenaltyAndBinarisation() {
    double[][] terms = {{0.0, 0.0}, {2.5, 0.0}, {0.0, 3.0}, {2.5, 7.0}};
    for (double[] t : terms) {
      double penalty = t[0];
      double binarisation = t[1];
      INDArray x = input(11);
      INDArray e = Nd4j.randn(DataType.DOUBLE, N, 3, H, W);
      INDArray analytic = FlatBackgroundCompositing.backward(x, e, penalty, binarisation);
      double step = 1e-6;
      double worst = 0;
      for (long k = 0; k < x.length(); k++) {
        double v = x.getDouble(k);
        x.putScalar(k, v + step);
        double up = objective(x, e, penalty, binarisation);
        x.putScalar(k, v - step);
        double down = objective(x, e, penalty, binarisation);
        x.putScalar(k, v);
        double numeric = (up - down) / (2 * step);
        worst = Math.max(worst, Math.abs(numeric - analytic.getDouble(k)));
      }
      assertTrue(worst < 1e-8, "penalty " + penalty + ", binarisation " + binarisation + ": largest difference " + worst);
    }
  }

  @Test
  void thePenaltyAloneOnlyPushesTheMaskChannelClosed() {
    INDArray x = input(5);
    INDArray noSignal = Nd4j.zeros(DataType.DOUBLE, N, 3, H, W);
    INDArray dx = FlatBackgroundCompositing.backward(x, noSignal, 4.0, 0.0);
    for (int i = 0; i < N; i++) {
      for (int c = 0; c < FlatBackgroundLayer.INPUT_CHANNELS; c++) {
        for (int y = 0; y < H; y++) {
          for (int xx = 0; xx < W; xx++) {
            double g = dx.getDouble(i, c, y, xx);
            if (c == 3) {
              double m = sigmoid(x.getDouble(i, 3, y, xx) + FlatBackgroundLayer.MASK_OFFSET);
              // Positive: gradient descent lowers the mask's logit.
              assertEquals(4.0 / (H * W) * m * (1 - m), g, 1e-12);
              assertTrue(g > 0);
            } else {
              assertEquals(0.0, g, 0.0, "channel " + c);
            }
          }
        }
      }
    }
  }

  @Test
  void theBinarisationAlonePushesAMaskOverHalfOpenOpenAndOneUnderClosed() {
    INDArray x = input(7);
    // Logits around the offset, so that masks on both sides of one half occur.
    x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(3))
        .addi(-FlatBackgroundLayer.MASK_OFFSET);
    INDArray noSignal = Nd4j.zeros(DataType.DOUBLE, N, 3, H, W);
    INDArray dx = FlatBackgroundCompositing.backward(x, noSignal, 0.0, 5.0);
    int open = 0;
    int closed = 0;
    for (int i = 0; i < N; i++) {
      for (int y = 0; y < H; y++) {
        for (int xx = 0; xx < W; xx++) {
          double m = sigmoid(x.getDouble(i, 3, y, xx) + FlatBackgroundLayer.MASK_OFFSET);
          double g = dx.getDouble(i, 3, y, xx);
          assertEquals(5.0 / (H * W) * (1 - 2 * m) * m * (1 - m), g, 1e-12);
          // Gradient descent moves the logit against g: up (opening) when m > 1/2.
          if (m > 0.5) {
            assertTrue(g < 0, "mask " + m + " gradient " + g);
            open++;
          } else {
            assertTrue(g > 0, "mask " + m + " gradient " + g);
            closed++;
          }
        }
      }
    }
    assertTrue(open > 0 && closed > 0, open + " masks over one half, " + closed + " under");
  }

  @Test
  void refusesInputsWithoutSevenChannels() {
    INDArray three = Nd4j.zeros(DataType.DOUBLE, 1, 3, 2, 2);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FlatBackgroundCompositing.forward(three));
    assertTrue(e.getMessage().contains("[1, 3, 2, 2]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new FlatBackgroundLayer(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> new FlatBackgroundLayer(0, Double.NaN));
  }
}
