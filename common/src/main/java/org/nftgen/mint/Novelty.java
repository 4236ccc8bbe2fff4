package org.nftgen.mint;

import java.io.Serializable;
import java.util.List;
import org.nftgen.image.Resampler;
import org.nftgen.image.RgbImage;

/**
 * How new a generated token is: its nearest training token and the distance to it, for the
 * metadata ({@code nftgen.novelty}) and for whoever checks a batch for copies before minting.
 * Images are compared as {@value #SIDE} px thumbnails (area-averaged: the layout and colours a
 * person compares at a glance; 10,000 thumbnails are 7.7 MB), by the root-mean-square difference
 * of their channels in [0, 1]: 0 is the same picture.
 */
public final class Novelty implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Side of the thumbnails compared. */
  public static final int SIDE = 16;

  private final long[] indexes;
  private final String[] sources;
  private final byte[][] thumbnails;

  /** The nearest training token: its dataset index, its source file and the distance. */
  public record Nearest(long index, String source, double distance) implements Serializable {}

  /** A training token: its dataset index, source file and image (any side; see {@link #thumbnail}). */
  public record Token(long index, String source, RgbImage image) {}

  public Novelty(List<Token> training) {
    if (training.isEmpty()) {
      throw new IllegalArgumentException("No training images to measure novelty against");
    }
    indexes = new long[training.size()];
    sources = new String[training.size()];
    thumbnails = new byte[training.size()][];
    for (int i = 0; i < training.size(); i++) {
      indexes[i] = training.get(i).index();
      sources[i] = training.get(i).source();
      thumbnails[i] = thumbnail(training.get(i).image()).rgb();
    }
  }

  /** The training token nearest to {@code image} (the first in dataset order among equals). */
  public Nearest nearest(RgbImage image) {
    byte[] t = thumbnail(image).rgb();
    long best = Long.MAX_VALUE;
    int at = 0;
    for (int i = 0; i < thumbnails.length; i++) {
      byte[] other = thumbnails[i];
      long sum = 0;
      for (int p = 0; p < t.length && sum < best; p++) {
        int d = (t[p] & 255) - (other[p] & 255);
        sum += d * d;
      }
      if (sum < best) {
        best = sum;
        at = i;
      }
    }
    double rms = Math.sqrt(best / (double) t.length) / 255.0;
    return new Nearest(indexes[at], sources[at], Math.round(rms * 1e5) / 1e5);
  }

  /**
   * The {@value #SIDE} px thumbnail images are compared by; a token given as its thumbnail already
   * (made where the dataset is read, so the driver never holds the full images) is taken as is.
   */
  public static RgbImage thumbnail(RgbImage image) {
    return image.width() == SIDE && image.height() == SIDE ? image
        : Resampler.resize(image, SIDE, SIDE, Resampler.Filter.AREA);
  }
}
