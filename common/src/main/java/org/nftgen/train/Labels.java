package org.nftgen.train;

/**
 * The discriminator's targets, defined once: it learns to output {@link #REAL} for data images and
 * {@link #FAKE} for generated ones, and the generator learns to make it output {@link #REAL}.
 */
public final class Labels {
  public static final float REAL = 1f;
  public static final float FAKE = 0f;

  private Labels() {}
}
