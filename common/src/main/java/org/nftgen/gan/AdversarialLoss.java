package org.nftgen.gan;

import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The GAN's adversarial objective, as three terms over discriminator logits: D's loss on real
 * images, D's loss on fakes, and the generator's loss on fakes (per image, so that several
 * discriminators' losses can be combined per image by a {@link GeneratorLoss}).
 *
 * <ul>
 *   <li>{@code BCE}: the DCGAN's sigmoid cross-entropy, real labelled {@link Labels#REAL} (or its
 *       smoothed value), fakes {@link Labels#FAKE}; the generator's is the non-saturating form,
 *       its fakes labelled REAL.</li>
 *   <li>{@code HINGE} (Lim and Ye 2017, as in SN-GAN and BigGAN): D minimises
 *       {@code max(0, 1 - l)} on real images and {@code max(0, 1 + l)} on fakes, so it stops
 *       pushing logits it already gets right by a margin of 1; the generator minimises {@code -l}.
 *       Its gradient does not fade however sure D is.</li>
 * </ul>
 */
public enum AdversarialLoss {
  BCE {
    @Override
    public LogitLoss onReal(INDArray logits, float realTarget) {
      return of(BinaryCrossEntropy.of(logits, realTarget));
    }

    @Override
    public LogitLoss onFake(INDArray logits) {
      return of(BinaryCrossEntropy.of(logits, Labels.FAKE));
    }

    @Override
    public LogitLoss forGenerator(INDArray logits) {
      return of(BinaryCrossEntropy.of(logits, Labels.REAL));
    }

    private LogitLoss of(BinaryCrossEntropy b) {
      return new LogitLoss(b.meanLoss(), b.meanProbability(), b.logitGradient(), b.losses());
    }
  },
  HINGE {
    /** Hinge has a fixed margin: label smoothing is a cross-entropy target and is refused earlier. */
    @Override
    public LogitLoss onReal(INDArray logits, float realTarget) {
      INDArray margin = logits.rsub(1.0); // 1 - l
      return terms(logits, Transforms.relu(margin, true), margin.gt(0).castTo(logits.dataType()).negi());
    }

    @Override
    public LogitLoss onFake(INDArray logits) {
      INDArray margin = logits.add(1.0); // 1 + l
      return terms(logits, Transforms.relu(margin, true), margin.gt(0).castTo(logits.dataType()));
    }

    @Override
    public LogitLoss forGenerator(INDArray logits) {
      return terms(logits, logits.neg(), logits.like().assign(-1.0));
    }

    private LogitLoss terms(INDArray logits, INDArray losses, INDArray gradient) {
      return new LogitLoss(losses.meanNumber().doubleValue(),
          Transforms.sigmoid(logits, true).meanNumber().doubleValue(), gradient, losses);
    }
  };

  /** D's loss on real images; {@code realTarget} is BCE's (possibly smoothed) label for them. */
  public abstract LogitLoss onReal(INDArray logits, float realTarget);

  /** D's loss on generated images. */
  public abstract LogitLoss onFake(INDArray logits);

  /** The generator's loss on its images, per image. */
  public abstract LogitLoss forGenerator(INDArray logits);

  public static AdversarialLoss parse(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
