package org.nftgen.denoise;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.nftgen.data.DatasetReader;
import org.nftgen.image.RgbImage;
import org.nftgen.io.Json;

/**
 * The colours a collection is drawn in, and the snapping of a generated image onto them.
 *
 * <p>Flat and pixel art is painted from a small palette: a few hundred exact colours cover almost
 * every pixel of the collection. A generator's output is never exactly on it; the small errors
 * read as a mottle inside each region, which a person sees at once and non-local means (which
 * averages similar patches, not colours) leaves behind. Snapping each pixel to the nearest palette
 * colour removes that mottle without blurring an edge, and paints the figure in the collection's
 * own colours. A collection of smooth art (gradients, shading, photographs) has no such palette:
 * {@link #flat()} is false for it, and {@code palette = auto} leaves its images alone.
 */
public final class CollectionPalette implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The share of pixels a palette may leave out: stray colours that no image was drawn in. */
  static final double REST = 1e-4;

  /** 0xRRGGBB, most frequent first (ties by colour). */
  private final int[] colours;
  /** The share of the collection's pixels that are exactly one of {@link #colours}. */
  private final double coverage;
  private final boolean flat;
  /** See {@link #snap}. */
  private final int maxDistance;

  private CollectionPalette(int[] colours, double coverage, boolean flat, int maxDistance) {
    this.colours = colours;
    this.coverage = coverage;
    this.flat = flat;
    this.maxDistance = maxDistance;
  }

  /**
   * The most frequent colours, at most {@code settings.colours()}, until they cover all but
   * {@link #REST} of the histogram's pixels (a rare trait's colours are the collection's too);
   * {@link #flat()} says whether they cover {@code settings.coverage()} of them.
   */
  public static CollectionPalette of(ColourHistogram histogram, PaletteSettings settings) {
    int maxColours = settings.colours();
    double coverage = 1 - REST;
    long[][] ranked = histogram.ranked();
    long total = histogram.pixels();
    if (total == 0) {
      throw new IllegalArgumentException("no pixels to take a palette from");
    }
    long covered = 0;
    int n = 0;
    while (n < ranked.length && n < maxColours && covered < coverage * total) {
      covered += ranked[n][1];
      n++;
    }
    int[] colours = new int[n];
    for (int i = 0; i < n; i++) {
      colours[i] = (int) ranked[i][0];
    }
    double share = covered / (double) total;
    return new CollectionPalette(colours, share, share >= settings.coverage(), settings.maxDistance());
  }

  /**
   * The palette of a prepared dataset's first {@code count} images at {@code side} px (the
   * training images), each Spark partition counting its own.
   */
  public static CollectionPalette ofDataset(SparkSession spark, Path dataset,
      int side, long count, PaletteSettings settings) {
    ColourHistogram histogram = DatasetReader.images(spark, dataset, side, 0, count).values()
        .mapPartitions(it -> {
          ColourHistogram h = new ColourHistogram();
          it.forEachRemaining(rgb -> h.add(new RgbImage(side, side, rgb)));
          return List.of(h).iterator();
        }).reduce(ColourHistogram::merge);
    return of(histogram, settings);
  }

  /** The palette of these images (each pixel counted once). */
  public static CollectionPalette of(List<RgbImage> images, PaletteSettings settings) {
    ColourHistogram h = new ColourHistogram();
    images.forEach(h::add);
    return of(h, settings);
  }

  public boolean flat() {
    return flat;
  }

  public int size() {
    return colours.length;
  }

  public double coverage() {
    return coverage;
  }

  /** SHA-256 of the colours in order: what a batch's fingerprint records of the palette. */
  public String sha256() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (int c : colours) {
        sha.update(new byte[] {(byte) (c >> 16), (byte) (c >> 8), (byte) c});
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** 0xRRGGBB colours, most frequent first. */
  public int[] colours() {
    return colours.clone();
  }

  public int maxDistance() {
    return maxDistance;
  }

  /** How evaluation.json and the manifest describe it: its colours as #RRGGBB, most frequent first. */
  public ObjectNode describe() {
    ObjectNode d = Json.object();
    d.put("flat", flat).put("colours", colours.length).put("coverage", coverage).put("maxDistance", maxDistance)
        .put("sha256", sha256());
    ArrayNode list = d.putArray("palette");
    for (int c : colours) {
      list.add(String.format("#%06X", c));
    }
    return d;
  }

  /**
   * Every pixel within {@link #maxDistance} (RGB, Euclidean) of a palette colour replaced by the
   * nearest one (of two at the same distance, the more frequent); a pixel farther from all keeps
   * its own, since an antialiased edge's blend of two palette colours is the collection's style too
   * and lies far from both. Deterministic: depends on the image and the palette only.
   */
  public RgbImage snap(RgbImage image) {
    long limit = (long) maxDistance * maxDistance;
    byte[] in = image.rgb();
    byte[] out = new byte[in.length];
    // Generated images repeat colours (flat regions after denoising): a small direct-mapped cache
    // of the last answer per colour slot saves most of the searches.
    int[] cacheKey = new int[4096];
    int[] cacheValue = new int[4096];
    Arrays.fill(cacheKey, -1);
    for (int i = 0; i < in.length; i += 3) {
      int rgb = (in[i] & 255) << 16 | (in[i + 1] & 255) << 8 | (in[i + 2] & 255);
      int slot = (rgb ^ rgb >>> 12) & 4095;
      int c;
      if (cacheKey[slot] == rgb) {
        c = cacheValue[slot];
      } else {
        c = nearest(rgb, limit);
        cacheKey[slot] = rgb;
        cacheValue[slot] = c;
      }
      out[i] = (byte) (c >> 16);
      out[i + 1] = (byte) (c >> 8);
      out[i + 2] = (byte) c;
    }
    return new RgbImage(image.width(), image.height(), out);
  }

  private int nearest(int rgb, long limit) {
    int r = rgb >> 16 & 255;
    int g = rgb >> 8 & 255;
    int b = rgb & 255;
    int best = colours[0];
    int bestDistance = Integer.MAX_VALUE;
    for (int c : colours) {
      int dr = (c >> 16 & 255) - r;
      int dg = (c >> 8 & 255) - g;
      int db = (c & 255) - b;
      int d = dr * dr + dg * dg + db * db;
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return bestDistance <= limit ? best : rgb;
  }
}
