package org.nftgen.gan;

import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/** Seeding of the ND4J random stream a {@link GanState} carries (latents, augmentations, dropout). */
public final class Seeds {
  private Seeds() {}

  /** The two state words of an ND4J RNG freshly seeded with {@code seed}. */
  public static long[] rngStates(long seed) {
    try (Random r = Nd4j.getRandomFactory().getNewRandomInstance(seed)) {
      return new long[] {r.rootState(), r.nodeState()};
    } catch (Exception e) {
      throw new IllegalStateException("cannot seed ND4J's RNG", e);
    }
  }

  /** {@code gan} with its random stream restarted from {@code seed}: the same draws on every call. */
  public static void reseed(GanStep gan, long seed) {
    long[] rng = rngStates(seed);
    gan.restore(gan.snapshot().withRng(rng[0], rng[1]));
  }
}
