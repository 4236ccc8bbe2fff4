package org.nftgen.srgan;

import org.nd4j.enums.DataFormat;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A "same" convolution with an odd kernel, run on an image in space-to-depth layout (block 2):
 * {@code [n, 4C, h, w]} holding a {@code [n, C, 2h, 2w]} image, pixel (2i + a, 2j + b) of channel c
 * in channel {@code (2a + b) C + c} at (i, j) (TensorFlow's and libnd4j's depth_to_space order).
 *
 * <p>Why: the SRGAN's last convolution (9x9, 64 channels to 3) is the costliest single layer of the
 * 4x upscaler, and with 3 output channels oneDNN runs it at a fraction of its speed on wider
 * layers. In this layout it becomes a 5x5 convolution from 256 channels to 12 on a quarter of the
 * pixels: 23% more multiply-adds, yet about twice as fast (docs/measurements.md, "Super-resolution
 * without up-sampling"). Exact: output pixel
 * (2i + a', 2j + b') sees input pixel (2(i + dy) + a, ...) through kernel row {@code 2 dy + a - a'}
 * of the original kernel (zero outside it), and zero padding in one layout is zero padding in the
 * other.
 *
 * <p>Inference only; immutable, thread-safe.
 */
public final class SpaceToDepth {
  private final INDArray weights;
  private final INDArray bias;
  private final Conv2DConfig config;

  private SpaceToDepth(INDArray weights, INDArray bias, int kernel) {
    this.weights = weights;
    this.bias = bias;
    this.config = Conv2DConfig.builder().kH(kernel).kW(kernel).sH(1).sW(1).dH(1).dW(1)
        .paddingMode(PaddingMode.SAME).dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.OIYX).build();
  }

  /** The convolution of {@code weights [out, in, k, k]} (DL4J's layout, k odd) and {@code bias [out]} or null. */
  public static SpaceToDepth convolution(INDArray weights, INDArray bias) {
    long[] shape = weights.shape();
    if (shape.length != 4 || shape[2] != shape[3] || shape[2] % 2 == 0) {
      throw new IllegalArgumentException("SpaceToDepth needs a [out, in, k, k] kernel with k odd, got "
          + java.util.Arrays.toString(shape));
    }
    int out = (int) shape[0];
    int in = (int) shape[1];
    int k = (int) shape[2];
    int r = (k - 1) / 2; // the original kernel's reach
    int reach = (r + 1) / 2; // in blocks of 2
    int side = 2 * reach + 1;
    float[] w = weights.castTo(DataType.FLOAT).dup('c').data().asFloat();
    float[] blocked = new float[4 * out * 4 * in * side * side];
    for (int outPhase = 0; outPhase < 4; outPhase++) {
      for (int inPhase = 0; inPhase < 4; inPhase++) {
        for (int dy = -reach; dy <= reach; dy++) {
          int ky = 2 * dy + inPhase / 2 - outPhase / 2;
          for (int dx = -reach; dx <= reach; dx++) {
            int kx = 2 * dx + inPhase % 2 - outPhase % 2;
            if (Math.abs(ky) > r || Math.abs(kx) > r) {
              continue;
            }
            for (int o = 0; o < out; o++) {
              for (int c = 0; c < in; c++) {
                int to = (((outPhase * out + o) * 4 * in + inPhase * in + c) * side + dy + reach) * side + dx + reach;
                blocked[to] = w[((o * in + c) * k + ky + r) * k + kx + r];
              }
            }
          }
        }
      }
    }
    INDArray b = bias == null ? Nd4j.zeros(DataType.FLOAT, out) : bias.castTo(DataType.FLOAT).reshape(out);
    return new SpaceToDepth(Nd4j.create(blocked, new long[] {4L * out, 4L * in, side, side}, 'c'),
        Nd4j.concat(0, b, b, b, b), side);
  }

  /** {@code [n, 4 in, h, w]} -> {@code [n, 4 out, h, w]}, both in space-to-depth layout. */
  public INDArray apply(INDArray blockedInput) {
    return Nd4j.cnn().conv2d(blockedInput, weights, bias, config);
  }

  /** Space-to-depth layout {@code [n, 4c, h, w]} -> the image {@code [n, c, 2h, 2w]}. */
  public static INDArray toImage(INDArray blocked) {
    return Nd4j.cnn().depthToSpace(blocked, 2, DataFormat.NCHW);
  }

  /** The image {@code [n, c, 2h, 2w]} -> space-to-depth layout {@code [n, 4c, h, w]}. */
  public static INDArray fromImage(INDArray image) {
    return Nd4j.cnn().spaceToDepth(image, 2, DataFormat.NCHW);
  }
}
