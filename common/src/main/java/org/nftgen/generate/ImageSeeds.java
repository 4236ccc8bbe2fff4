package org.nftgen.generate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * The latent of image {@code i} of batch {@code b}: drawn from an RNG seeded from
 * (seed, batch id, i) alone, never from a partition's or a thread's stream, so the same image comes
 * out wherever and in whichever order it is computed.
 */
public final class ImageSeeds {
  private ImageSeeds() {}

  /** The seed of one image's latent: SplitMix64 of the three, the batch id hashed with SHA-256. */
  public static long latentSeed(long seed, String batchId, long index) {
    long z = seed ^ batchHash(batchId) ^ (index * 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * The seed of candidate {@code attempt} (1, 2, ...) for image {@code index}, when a guide
   * rejected the earlier ones: the image's own seed mixed with the attempt, again by SplitMix64.
   */
  public static long candidateSeed(long seed, String batchId, long index, int attempt) {
    long z = latentSeed(seed, batchId, index) + attempt * 0xD1B54A32D192ED03L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** {@code nz} draws from N(0, 1) (Java's own generator: no dependence on ND4J's RNG state). */
  public static float[] latent(long latentSeed, int nz) {
    SplittableRandom random = new SplittableRandom(latentSeed);
    float[] z = new float[nz];
    for (int i = 0; i < nz; i++) {
      z[i] = (float) random.nextGaussian();
    }
    return z;
  }

  private static long batchHash(String batchId) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(batchId.getBytes(StandardCharsets.UTF_8));
      long h = 0;
      for (int i = 0; i < 8; i++) {
        h = h << 8 | (d[i] & 255);
      }
      return h;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
