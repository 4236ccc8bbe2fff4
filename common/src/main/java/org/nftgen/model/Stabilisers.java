package org.nftgen.model;

import java.io.Serializable;
import org.nftgen.config.SettingsException;
import org.nftgen.loss.AdversarialLoss;

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
 */
public record Stabilisers(double instanceNoise, int generatorSteps, double labelSmoothing, int pack,
    double generatorAverage, boolean spectralNorm, AdversarialLoss loss) implements Serializable {

  public static final Stabilisers NONE = new Stabilisers(0.0, 1, 0.0, 1, 0.0, false, AdversarialLoss.BCE);

  public Stabilisers {
    if (loss != AdversarialLoss.BCE && labelSmoothing > 0) {
      throw new SettingsException("Label smoothing (nftgen.dcgan.label-smoothing = " + labelSmoothing
          + ") is a cross-entropy target; the " + loss.name().toLowerCase(java.util.Locale.ROOT)
          + " loss has a fixed margin: set it to 0");
    }
  }

  /** With the cross-entropy loss. */
  public Stabilisers(double instanceNoise, int generatorSteps, double labelSmoothing, int pack,
      double generatorAverage, boolean spectralNorm) {
    this(instanceNoise, generatorSteps, labelSmoothing, pack, generatorAverage, spectralNorm, AdversarialLoss.BCE);
  }

  /** With a batch-normalised discriminator. */
  public Stabilisers(double instanceNoise, int generatorSteps, double labelSmoothing, int pack,
      double generatorAverage) {
    this(instanceNoise, generatorSteps, labelSmoothing, pack, generatorAverage, false);
  }

  /** Without a moving average of G's weights. */
  public Stabilisers(double instanceNoise, int generatorSteps, double labelSmoothing, int pack) {
    this(instanceNoise, generatorSteps, labelSmoothing, pack, 0.0);
  }
}
