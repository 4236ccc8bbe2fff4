package org.nftgen.data;

/**
 * The layout of a prepared dataset, shared by the job that writes it and the jobs that read it:
 * Parquet shards under {@code data/}, one row per image, with the RGB bytes (HWC, 8-bit) of each
 * resolution in a binary column {@code rgb<side>}; {@code manifest.json} is written last and marks
 * the dataset complete.
 */
public final class PreparedDataset {
  public static final String DATA = "data";
  public static final String MANIFEST = "manifest.json";
  public static final String CONFIG = "config.conf";

  public static final String INDEX = "index";
  public static final String SOURCE = "source";
  public static final String SHA256 = "sha256";
  public static final String WIDTH = "width";
  public static final String HEIGHT = "height";
  public static final String FORMAT = "format";
  public static final String MODE = "mode";
  /** An image's traits (type -> value) from the collection's metadata; null for an image without. */
  public static final String TRAITS = "traits";

  private PreparedDataset() {}

  /** The column holding the images at {@code side} x {@code side}. */
  public static String pixelsColumn(int side) {
    return "rgb" + side;
  }
}
