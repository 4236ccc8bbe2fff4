package org.nftgen.srgan;

import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A nearest-neighbour 2x up-sampling followed by a 3x3 "same" convolution, computed without
 * up-sampling: the same numbers (to float rounding) for 4 instead of 9 multiply-adds per output
 * pixel and channel pair, and no 4x-sized intermediate image.
 *
 * <p>Why it is exact: after a nearest 2x enlargement, the 3x3 window of output pixel (2i + a,
 * 2j + b) covers only the 2x2 input pixels around (i, j) on the side of its phase (a, b): row a = 0
 * sees input rows i - 1 (kernel row 0) and i (kernel rows 1 and 2), row a = 1 sees row i (kernel rows
 * 0 and 1) and i + 1 (kernel row 2); columns alike. So each of the four phases is a 2x2 convolution
 * of the input with the 3x3 kernel's rows and columns summed in that pattern, and zero padding of
 * the enlarged image is zero padding of the input. The four phase kernels run as one convolution
 * with four times the output channels over the input padded by one pixel; phase (a, b) of its
 * {@code (h + 1) x (w + 1)} output starts at (a, b); cropped, the four are the enlarged image in
 * space-to-depth layout.
 *
 * <p>Inference only (the SRGAN trains the layers as DL4J defines them); immutable, thread-safe.
 */
public final class PhaseUpsampling {
  private static final Conv2DConfig TWO_BY_TWO = Conv2DConfig.builder().kH(2).kW(2).sH(1).sW(1).pH(0).pW(0)
      .dH(1).dW(1).paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.OIYX)
      .build();

  private final INDArray phaseWeights;
  private final INDArray phaseBias;
  private final int channels;

  private PhaseUpsampling(INDArray phaseWeights, INDArray phaseBias, int channels) {
    this.phaseWeights = phaseWeights;
    this.phaseBias = phaseBias;
    this.channels = channels;
  }

  /**
   * From the 3x3 convolution that follows the up-sampling: {@code weights [out, in, 3, 3]} (DL4J's
   * layout), {@code bias [out]} or null.
   */
  public static PhaseUpsampling of(INDArray weights, INDArray bias) {
    long[] shape = weights.shape();
    if (shape.length != 4 || shape[2] != 3 || shape[3] != 3) {
      throw new IllegalArgumentException("PhaseUpsampling needs a [out, in, 3, 3] kernel, got "
          + java.util.Arrays.toString(shape));
    }
    int out = (int) shape[0];
    int in = (int) shape[1];
    float[] w = weights.castTo(DataType.FLOAT).dup('c').data().asFloat();
    float[] phases = new float[4 * out * in * 4];
    for (int a = 0; a < 2; a++) {
      for (int b = 0; b < 2; b++) {
        int phase = a * 2 + b;
        for (int o = 0; o < out; o++) {
          for (int i = 0; i < in; i++) {
            int from = (o * in + i) * 9;
            int to = ((phase * out + o) * in + i) * 4;
            for (int ky = 0; ky < 3; ky++) {
              for (int kx = 0; kx < 3; kx++) {
                phases[to + tap(a, ky) * 2 + tap(b, kx)] += w[from + ky * 3 + kx];
              }
            }
          }
        }
      }
    }
    INDArray phaseWeights = Nd4j.create(phases, new long[] {4L * out, in, 2, 2}, 'c');
    INDArray b = bias == null ? Nd4j.zeros(DataType.FLOAT, out) : bias.castTo(DataType.FLOAT).reshape(out);
    INDArray phaseBias = Nd4j.concat(0, b, b, b, b);
    return new PhaseUpsampling(phaseWeights, phaseBias, out);
  }

  /** Which row (column) of a phase's 2x2 kernel the 3x3 kernel's row {@code k} falls on, for phase {@code p}. */
  private static int tap(int p, int k) {
    // Phase 0 sees rows i - 1 (k = 0) and i (k = 1, 2); phase 1 sees i (k = 0, 1) and i + 1 (k = 2).
    return p == 0 ? (k == 0 ? 0 : 1) : (k == 2 ? 1 : 0);
  }

  /** {@code [n, in, h, w]} -> {@code [n, out, 2h, 2w]}: conv3x3(nearest2x(x)) + bias, before any activation. */
  public INDArray apply(INDArray x) {
    return SpaceToDepth.toImage(applyInSpaceToDepth(x));
  }

  /**
   * The same result in space-to-depth layout ({@link SpaceToDepth}), {@code [n, 4 out, h, w]}: the four
   * phases are that layout's channel blocks, so a stage whose next convolution also runs in that
   * layout never interleaves them.
   */
  public INDArray applyInSpaceToDepth(INDArray x) {
    long h = x.size(2);
    long w = x.size(3);
    INDArray padded = Nd4j.pad(x, new int[][] {{0, 0}, {0, 0}, {1, 1}, {1, 1}});
    INDArray phases = Nd4j.cnn().conv2d(padded, phaseWeights, phaseBias, TWO_BY_TWO); // [n, 4 out, h + 1, w + 1]
    INDArray[] crops = new INDArray[4];
    INDArrayIndex all = NDArrayIndex.all();
    for (int a = 0; a < 2; a++) {
      for (int b = 0; b < 2; b++) {
        int phase = a * 2 + b;
        crops[phase] = phases.get(all, NDArrayIndex.interval((long) phase * channels, (long) (phase + 1) * channels),
            NDArrayIndex.interval(a, a + h), NDArrayIndex.interval(b, b + w));
      }
    }
    return Nd4j.concat(1, crops);
  }
}
