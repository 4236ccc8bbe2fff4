package org.nftgen.srgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

class SpaceToDepthTest {
  private static INDArray random(long seed, long... shape) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.rand(DataType.FLOAT, shape).subi(0.5);
  }

  @Test
  void aConvolutionInSpaceToDepthLayoutEqualsTheSameConvolutionOnTheImage() {
    // Kernels whose reach is 0 (1x1), odd (3, 7), even (5, and 9: the SRGAN's).
    for (int k : new int[] {1, 3, 5, 7, 9}) {
      INDArray image = random(k, 2, 3, 10, 14);
      INDArray weights = random(100 + k, 5, 3, k, k);
      INDArray bias = random(200 + k, 5);
      Conv2DConfig same = Conv2DConfig.builder().kH(k).kW(k).sH(1).sW(1).dH(1).dW(1).paddingMode(PaddingMode.SAME)
          .dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.OIYX).build();
      INDArray expected = Nd4j.cnn().conv2d(image, weights, bias, same);
      INDArray blocked = SpaceToDepth.convolution(weights, bias).apply(SpaceToDepth.fromImage(image));
      INDArray actual = SpaceToDepth.toImage(blocked);
      assertArrayEquals(expected.shape(), actual.shape(), "kernel " + k);
      double diff = actual.sub(expected).amaxNumber().doubleValue();
      assertTrue(diff < 1e-5, "kernel " + k + ": largest difference " + diff);
    }
  }

  @Test
  void theLayoutRoundTripsAndPutsPixelTwoIPlusATwoJPlusBInChannelBlockTwoAPlusB() {
    INDArray image = random(7, 1, 2, 4, 6);
    INDArray blocked = SpaceToDepth.fromImage(image);
    assertArrayEquals(new long[] {1, 8, 2, 3}, blocked.shape());
    // pixel (2 * 1 + 1, 2 * 2 + 0) of channel 1: block 2a + b = 2, channel 2 * 2 + 1 = 5, at (1, 2)
    assertEquals(image.getFloat(0, 1, 3, 4), blocked.getFloat(0, 5, 1, 2));
    assertEquals(image, SpaceToDepth.toImage(blocked));
  }
}
