package org.nftgen.gan;

/**
 * The discriminator's targets, defined once: it learns to output {@link #REAL} for data images and
 * {@link #FAKE} for generated ones, and the generator learns to make it output {@link #REAL}.
 */
public final class Labels {
  public static final float REAL = 1f;
  public static final float FAKE = 0f;

  private Labels() {}

  /**
   * D's target for real images under one-sided label smoothing (Salimans et al. 2016): moved
   * {@code smoothing} of the way from REAL towards FAKE. Fakes keep FAKE, and G keeps aiming at REAL.
   */
  public static float smoothedReal(double smoothing) {
    return (float) (REAL + (FAKE - REAL) * smoothing);
  }
}
