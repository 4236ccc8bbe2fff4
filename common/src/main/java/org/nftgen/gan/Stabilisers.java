package org.nftgen.gan;

import java.io.Serializable;
import org.nftgen.config.SettingsException;

/**
 * Changes to the plain DCGAN's training that keep its discriminator from winning outright, each off
 * at its neutral value so the defaults train the seed's DCGAN. Read from {@code nftgen.dcgan}.
 *
 * @param instanceNoise standard deviation of Gaussian noise added to every image D sees (0: none)
 * @param generatorSteps G updates per D update (1: as the DCGAN paper)
 * @param labelSmoothing how far below REAL D's target for real images is (0: none; one-sided)
 * @param pack images D judges together, concatenated along channels (PacGAN, Lin et al. 2018; 1: none)
 * @param generatorAverage decay of an exponential moving average of G's weights that samples and
 *     evaluations use instead of G's latest weights (Yazici et al. 2019; 0: none)
 * @param spectralNorm spectrally normalised discriminator (Miyato et al. 2018): no batch norm, and
 *     every weight matrix divided by its largest singular value after each update, so D is
 *     1-Lipschitz per layer and its gradient keeps pointing towards the real images even where it
 *     separates them perfectly from the fakes (false: the DCGAN's batch-normalised D)
 * @param loss the adversarial loss: the DCGAN's cross-entropy, or the hinge loss of SN-GAN
 * @param augment differentiable augmentations applied to every image D sees, real and fake alike,
 *     with G's gradient flowing back through them (DiffAugment, Zhao et al. 2020; empty: none)
 * @param minibatchStd a minibatch standard-deviation channel before D's last convolution (Karras et
 *     al. 2018), so D sees how varied a batch is and a collapsed generator is easy to tell apart
 * @param r1Gamma weight of the R1 penalty on D's input gradient at real images (Mescheder et al.
 *     2018): D's loss gains {@code gamma / 2 * |grad_x D(x)|^2} (0: none)
 * @param r1Every D steps between R1 penalties (lazy regularisation, Karras et al. 2020): the penalty
 *     is applied on every {@code r1Every}-th step, scaled by {@code r1Every}
 * @param modeSeeking weight of the mode-seeking term in G's loss ({@link ModeSeeking}; 0: none)
 * @param traitClassification for a conditional GAN, weight of the cross-entropy of D's value
 *     channels read as a trait classifier ({@link TraitProjection}; 0: projection only)
 */
public record Stabilisers(double instanceNoise, int generatorSteps, double labelSmoothing, int pack,
    double generatorAverage, boolean spectralNorm, AdversarialLoss loss, java.util.Set<Augmentation> augment,
    boolean minibatchStd, double r1Gamma, int r1Every, double modeSeeking, double traitClassification)
    implements Serializable {

  public static final Stabilisers NONE = new Stabilisers(0.0, 1, 0.0, 1, 0.0, false, AdversarialLoss.BCE,
      java.util.Set.of(), false, 0.0, 1, 0.0, 0.0);

  public Stabilisers {
    if (loss != AdversarialLoss.BCE && labelSmoothing > 0) {
      throw new SettingsException("Label smoothing (nftgen.dcgan.label-smoothing = " + labelSmoothing
          + ") is a cross-entropy target; the " + loss.name().toLowerCase(java.util.Locale.ROOT)
          + " loss has a fixed margin: set it to 0");
    }
    // An EnumSet keeps the augmentations in one order (the order they are applied in), whatever
    // order the configuration lists them in.
    augment = augment.isEmpty() ? java.util.Set.of()
        : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(augment));
    if (r1Every < 1) {
      throw new SettingsException("nftgen.dcgan.r1-every = " + r1Every + " must be at least 1");
    }
    if (!(r1Gamma >= 0) || Double.isInfinite(r1Gamma)) {
      throw new SettingsException("nftgen.dcgan.r1-gamma = " + r1Gamma + " must be finite and >= 0");
    }
    if (!(modeSeeking >= 0) || Double.isInfinite(modeSeeking)) {
      throw new SettingsException("nftgen.dcgan.mode-seeking = " + modeSeeking + " must be finite and >= 0");
    }
    if (!(traitClassification >= 0) || Double.isInfinite(traitClassification)) {
      throw new SettingsException("nftgen.dcgan.trait-classification = " + traitClassification
          + " must be finite and >= 0");
    }
    if (r1Gamma == 0) {
      // The interval of a penalty that is off changes nothing: "no R1" is one value, whatever it says.
      r1Every = 1;
    }
  }
}
