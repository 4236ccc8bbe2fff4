package org.nftgen.srgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class PhaseUpsamplingTest {
  private static INDArray random(long seed, long... shape) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.rand(DataType.FLOAT, shape).subi(0.5);
  }

  /** What the graph computes: nearest 2x, then a 3x3 "same" convolution with bias. */
  private static INDArray upsampleThenConvolve(INDArray x, INDArray weights, INDArray bias) {
    INDArray up = Nd4j.cnn().upsampling2d(x, 2, 2, true);
    Conv2DConfig same = Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1).dH(1).dW(1)
        .paddingMode(PaddingMode.SAME).dataFormat(Conv2DConfig.NCHW)
        .weightsFormat(org.nd4j.enums.WeightsFormat.OIYX).build();
    return Nd4j.cnn().conv2d(up, weights, bias, same);
  }

  private static double maxDifference(INDArray a, INDArray b) {
    return a.sub(b).amaxNumber().doubleValue();
  }

  @Test
  void equalsNearestUpsamplingThenAThreeByThreeConvolutionEverywhereIncludingTheBorders() {
    // Not square, odd sides, more output than input channels: a mixed-up row/column or phase
    // shows at once, and the border rows test the padding.
    INDArray x = random(1, 2, 3, 5, 7);
    INDArray weights = random(2, 4, 3, 3, 3);
    INDArray bias = random(3, 4);
    INDArray expected = upsampleThenConvolve(x, weights, bias);
    INDArray actual = PhaseUpsampling.of(weights, bias).apply(x);
    assertArrayEquals(new long[] {2, 4, 10, 14}, actual.shape());
    double diff = maxDifference(actual, expected);
    assertTrue(diff < 1e-5, "largest difference " + diff);
  }

  @Test
  void anUpscalerComputesWhatItsGraphComputes() {
    for (int factor : new int[] {2, 4}) {
      SrganSettings s = SrganModelsTest.tiny(factor);
      ComputationGraph g = new ComputationGraph(SrganModels.generator(s, false));
      g.init();
      // Signed random weights everywhere (the bicubic skip zero-initialises the output layer, which
      // would hide any error before it, and signed weights reach both sides of the activation), with
      // batch norm's running variances kept positive.
      g.params().assign(random(10 + factor, g.numParams()));
      g.paramTable().forEach((key, value) -> {
        if (key.endsWith("_" + BatchNormalizationParamInitializer.GLOBAL_VAR)) {
          Transforms.abs(value, false).addi(0.1);
        }
      });
      Upscaler upscaler = Upscaler.of(s, g.params().toFloatVector(), "random");
      INDArray lr = random(20, 3, 3, 12, 12);
      INDArray fast = upscaler.forward(lr);
      INDArray reference = upscaler.graphForward(lr);
      assertArrayEquals(reference.shape(), fast.shape(), "x" + factor);
      double scale = reference.amaxNumber().doubleValue();
      double diff = maxDifference(fast, reference);
      assertTrue(scale > 0.1 && diff < 1e-5 * Math.max(1, scale), "x" + factor + ": largest difference " + diff
          + " at output scale " + scale);
    }
  }
  /**
   * The upscaler runs a chunk two images at a time: each image comes out as it would alone, bit
   * for bit, so a batch's bytes do not depend on how its images are grouped.
   */
  @Test
  void anImageUpscalesTheSameWhateverItsBatch() {
    SrganSettings s = SrganModelsTest.tiny(4);
    ComputationGraph g = new ComputationGraph(SrganModels.generator(s, false));
    g.init();
    g.params().assign(random(31, g.numParams()));
    g.paramTable().forEach((key, value) -> {
      if (key.endsWith("_" + BatchNormalizationParamInitializer.GLOBAL_VAR)) {
        Transforms.abs(value, false).addi(0.1);
      }
    });
    Upscaler upscaler = Upscaler.of(s, g.params().toFloatVector(), "random");
    INDArray lr = random(32, 5, 3, 12, 12);
    INDArray batch = upscaler.forward(lr);
    for (int i = 0; i < 5; i++) {
      INDArray alone = upscaler.forward(lr.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1)).dup());
      org.junit.jupiter.api.Assertions.assertEquals(alone,
          batch.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1)), "image " + i);
    }
  }
}
