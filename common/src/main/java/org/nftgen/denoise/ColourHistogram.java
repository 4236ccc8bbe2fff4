package org.nftgen.denoise;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.nftgen.image.RgbImage;

/**
 * How many pixels of a set of images have each exact colour; two histograms of disjoint sets merge
 * into the histogram of their union (so Spark partitions can count their own images).
 *
 * <p>Bounded: past {@link #LIMIT} distinct colours (smooth art has millions) only the most frequent
 * half is kept, so the counts of rare colours are lower bounds. The palette takes frequent colours
 * only, and a collection that needs that many is not flat anyway.
 */
public final class ColourHistogram implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int LIMIT = 1 << 18;

  private final HashMap<Integer, Long> counts = new HashMap<>();
  private long pixels;

  public ColourHistogram add(RgbImage image) {
    byte[] p = image.rgb();
    int[] colours = new int[p.length / 3];
    for (int i = 0; i < colours.length; i++) {
      colours[i] = (p[3 * i] & 255) << 16 | (p[3 * i + 1] & 255) << 8 | (p[3 * i + 2] & 255);
    }
    // One map update per distinct colour of the image, not per pixel.
    Arrays.sort(colours);
    int start = 0;
    for (int i = 1; i <= colours.length; i++) {
      if (i == colours.length || colours[i] != colours[start]) {
        counts.merge(colours[start], (long) (i - start), Long::sum);
        start = i;
      }
    }
    pixels += colours.length;
    bound();
    return this;
  }

  public ColourHistogram merge(ColourHistogram other) {
    other.counts.forEach((c, n) -> counts.merge(c, n, Long::sum));
    pixels += other.pixels;
    bound();
    return this;
  }

  /** Pixels counted. */
  public long pixels() {
    return pixels;
  }

  /** {colour, count} pairs, most frequent first, ties by colour (so the order is deterministic). */
  long[][] ranked() {
    long[][] out = new long[counts.size()][];
    int i = 0;
    for (Map.Entry<Integer, Long> e : counts.entrySet()) {
      out[i++] = new long[] {e.getKey(), e.getValue()};
    }
    Arrays.sort(out, (a, b) -> a[1] != b[1] ? Long.compare(b[1], a[1]) : Long.compare(a[0], b[0]));
    return out;
  }

  private void bound() {
    if (counts.size() <= LIMIT) {
      return;
    }
    long[][] ranked = ranked();
    counts.clear();
    for (int i = 0; i < LIMIT / 2; i++) {
      counts.put((int) ranked[i][0], ranked[i][1]);
    }
  }
}
