package org.nftgen.dcgan;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nftgen.gan.ParameterlessFunction;

/**
 * The maths of {@link FlatBackgroundLayer}, forward and backward, on NCHW arrays: input
 * {@code x = [n, 7, h, w]}, output {@code [n, 3, h, w]}. With {@code f = tanh(x0..2)},
 * {@code m = sigmoid(x3 + MASK_OFFSET)}, {@code b = tanh(mean_hw(x4..6))} (one colour per image):
 * {@code y = b + m (f - b)}. Given {@code e = dL/dy}, the backward pass is
 * <ul>
 *   <li>{@code dL/dx0..2 = e m (1 - f^2)};
 *   <li>{@code dL/dx3 = (sum_c e (f - b) + (penalty + binarisation (1 - 2 m)) / (h w)) m (1 - m)},
 *       the second term being the gradient of {@code penalty * mean_hw(m) + binarisation *
 *       mean_hw(m (1 - m))} per image (per image, not per batch mean: the GAN step's gradients are
 *       per-example sums, and DL4J's updater divides by the batch);
 *   <li>{@code dL/dx4..6 = (1 - b^2) sum_hw(e (1 - m)) / (h w)}, the same at every pixel.
 * </ul>
 */
public final class FlatBackgroundCompositing extends ParameterlessFunction<FlatBackgroundLayer> {

  public FlatBackgroundCompositing(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** The three parts of an input: foreground {@code [n,3,h,w]}, mask {@code [n,1,h,w]}, background {@code [n,3,1,1]}. */
  record Parts(INDArray foreground, INDArray mask, INDArray background) {
    static Parts of(INDArray x) {
      if (x.rank() != 4 || x.size(1) != FlatBackgroundLayer.INPUT_CHANNELS) {
        throw new IllegalArgumentException("The flat-background layer takes [n, "
            + FlatBackgroundLayer.INPUT_CHANNELS + ", h, w] arrays, not " + java.util.Arrays.toString(x.shape()));
      }
      INDArray foreground = Transforms.tanh(channels(x, 0, 3), true);
      INDArray mask = Transforms.sigmoid(channels(x, 3, 4).add(FlatBackgroundLayer.MASK_OFFSET), false);
      INDArray background = Transforms.tanh(channels(x, 4, 7).mean(true, 2, 3), false);
      return new Parts(foreground, mask, background);
    }

    /** {@code b + m (f - b)}. */
    INDArray composite() {
      return foreground.sub(background).muli(mask).addi(background);
    }
  }

  /** The layer's output for input {@code x}. */
  static INDArray forward(INDArray x) {
    return Parts.of(x).composite();
  }

  /** {@code dL/dx} for input {@code x}, output gradient {@code e}, mask penalty and binarisation. */
  static INDArray backward(INDArray x, INDArray e, double penalty, double binarisation) {
    Parts p = Parts.of(x);
    long h = x.size(2);
    long w = x.size(3);
    INDArray dx = x.ulike();

    // Foreground: e m (1 - f^2).
    INDArray tanhSlope = p.foreground().mul(p.foreground()).rsubi(1);
    channels(dx, 0, 3).assign(e.mul(p.mask()).muli(tanhSlope));

    // Mask: (sum_c e (f - b) + (penalty + binarisation (1 - 2 m)) / (h w)) m (1 - m).
    INDArray towardsMask = e.mul(p.foreground().sub(p.background())).sum(true, 1);
    if (penalty > 0) {
      towardsMask.addi(penalty / (h * w));
    }
    if (binarisation > 0) {
      towardsMask.addi(p.mask().mul(-2).addi(1).muli(binarisation / (h * w)));
    }
    INDArray sigmoidSlope = p.mask().rsub(1).muli(p.mask());
    channels(dx, 3, 4).assign(towardsMask.muli(sigmoidSlope));

    // Background: (1 - b^2) sum_hw(e (1 - m)) / (h w), spread evenly over the pixels the mean read.
    INDArray towardsBackground = e.mul(p.mask().rsub(1)).sum(true, 2, 3).divi(h * w);
    towardsBackground.muli(p.background().mul(p.background()).rsubi(1));
    channels(dx, 4, 7).assign(towardsBackground.broadcast(x.size(0), 3, h, w));
    return dx;
  }

  private static INDArray channels(INDArray x, int from, int to) {
    return x.get(new INDArrayIndex[] {
        NDArrayIndex.all(), NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all()});
  }

  @Override
  protected INDArray apply(INDArray x) {
    return forward(x);
  }

  @Override
  protected INDArray gradient(INDArray x, INDArray e) {
    return backward(x, e, layerConf().getMaskPenalty(), layerConf().getMaskBinarisation());
  }
}
