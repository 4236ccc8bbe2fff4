package org.nftgen.denoise;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.nftgen.data.DatasetReader;
import org.nftgen.image.RgbImage;
import org.nftgen.io.Json;

/**
 * The grid of a pixel-art collection, and the averaging of a generated image onto it.
 *
 * <p>Pixel art is drawn on a coarse grid (a CryptoPunk on 24 x 24 cells) and enlarged by nearest
 * neighbour, so each cell is a block of one exact colour. A generator paints every pixel of a block
 * a little differently and lets blocks bleed into each other; a person sees the noise inside the
 * cells at once, and so does a classifier. Averaging each cell of a generated image and painting
 * the cell in that one colour puts the image back on the collection's grid without moving an edge
 * off it, which non-local means (it blurs across cell edges) cannot.
 *
 * <p>The grid is found from the training images: the fewest cells {@code n} per side such that at
 * least {@code minShare} of the training images' pixels have their cell's colour, the cells being
 * those of a nearest-neighbour enlargement from {@code n} pixels ({@link #cellOf}). That holds exactly for art that
 * {@code prepare} enlarged by nearest neighbour (its {@code upscale-filter = auto}) or shrank by an
 * integer factor aligned with the grid, at any ratio of cells to pixels; it fails for smooth and
 * antialiased art, whose edges fall between cells. Only grids of cells at least two pixels wide
 * count: finer ones cannot be told from an image that merely has flat regions.
 */
public final class PixelGrid implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int MIN_CELLS = 4;
  /** The most training images looked at: plenty to rule out a grid that only some images fit. */
  public static final int MAX_IMAGES = 512;

  /** Cells per side; 0 when the images are on no grid. */
  private final int cells;
  /** The share of the training images' pixels the grid reproduces (of the best grid tried if none). */
  private final double share;
  private final int side;

  private PixelGrid(int cells, double share, int side) {
    this.cells = cells;
    this.share = share;
    this.side = side;
  }

  /** The coarsest grid {@code images} (all of one side) are drawn on, or one that {@link #found()} nothing. */
  public static PixelGrid detect(List<RgbImage> images, PixelGridSettings settings) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no images to find a pixel grid in");
    }
    List<RgbImage> sample = images.subList(0, Math.min(images.size(), MAX_IMAGES));
    int side = sample.get(0).width();
    double best = 0;
    for (int n = MIN_CELLS; 2 * n <= side; n++) {
      double share = reproducedShare(sample, n);
      if (share >= settings.minShare()) {
        return new PixelGrid(n, share, side);
      }
      best = Math.max(best, share);
    }
    return new PixelGrid(0, best, side);
  }

  /** The grid of a prepared dataset's first training images at {@code side} px (at most {@link #MAX_IMAGES}). */
  public static PixelGrid ofDataset(SparkSession spark, Path dataset, int side, long trainCount,
      PixelGridSettings settings) {
    long count = Math.min(MAX_IMAGES, trainCount);
    List<RgbImage> images = DatasetReader.images(spark, dataset, side, 0, count).sortByKey().values().collect()
        .stream().map(rgb -> new RgbImage(side, side, rgb)).toList();
    return detect(images, settings);
  }

  /**
   * The share of the pixels of {@code images} that have the colour of their cell's first (top-left)
   * pixel on a grid of {@code n} cells. Counted in full (no early exit), so that the share a log or
   * manifest reports for a grid that was not found is the true one.
   */
  static double reproducedShare(List<RgbImage> images, int n) {
    long total = 0;
    long misses = 0;
    for (RgbImage image : images) {
      int side = squareSide(image);
      total += (long) side * side;
      int[] cellOf = cellOf(side, n);
      int[] firstOf = new int[n];
      for (int x = side - 1; x >= 0; x--) {
        firstOf[cellOf[x]] = x;
      }
      byte[] p = image.rgb();
      for (int y = 0; y < side; y++) {
        int firstRow = firstOf[cellOf[y]] * side;
        for (int x = 0; x < side; x++) {
          int i = 3 * (y * side + x);
          int f = 3 * (firstRow + firstOf[cellOf[x]]);
          if (p[i] != p[f] || p[i + 1] != p[f + 1] || p[i + 2] != p[f + 2]) {
            misses++;
          }
        }
      }
    }
    return (total - misses) / (double) total;
  }

  /**
   * The cell of each pixel column (or row) of a {@code side}-pixel image on {@code n} cells: the
   * source pixel nearest-neighbour enlargement reads for it ({@code prepare}'s OpenCV
   * INTER_NEAREST_EXACT, floor((x + 0.5) n / side)), in integers.
   */
  static int[] cellOf(int side, int n) {
    int[] cell = new int[side];
    for (int x = 0; x < side; x++) {
      cell[x] = (int) ((2L * x + 1) * n / (2L * side));
    }
    return cell;
  }

  private static int squareSide(RgbImage image) {
    if (image.width() != image.height()) {
      throw new IllegalArgumentException("pixel grids are found on square images, not " + image.width() + "x"
          + image.height());
    }
    return image.width();
  }

  public boolean found() {
    return cells > 0;
  }

  public int cells() {
    return cells;
  }

  /** The share of the training images' pixels the grid reproduces (of the best grid tried if none was found). */
  public double share() {
    return share;
  }

  /** Pixels per cell when the grid divides {@code side} into whole cells, else 0 (none, or a fractional grid). */
  public int wholeFactor(int side) {
    return found() && side % cells == 0 ? side / cells : 0;
  }

  /**
   * {@code image} with each grid cell painted in its mean colour (then snapped to {@code palette}
   * when that is not null), at the image's own size: the grid has as many cells at 256 px as at 64.
   */
  public RgbImage snap(RgbImage image, CollectionPalette palette) {
    if (!found()) {
      throw new IllegalStateException("no pixel grid to snap to");
    }
    int side = squareSide(image);
    if (side < cells) {
      throw new IllegalArgumentException("a " + side + " px image is smaller than the " + cells + "-cell pixel grid");
    }
    int[] cellOf = cellOf(side, cells);
    long[] sums = new long[cells * cells * 3];
    int[] counts = new int[cells * cells];
    byte[] p = image.rgb();
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        int c = cellOf[y] * cells + cellOf[x];
        int i = 3 * (y * side + x);
        sums[3 * c] += p[i] & 255;
        sums[3 * c + 1] += p[i + 1] & 255;
        sums[3 * c + 2] += p[i + 2] & 255;
        counts[c]++;
      }
    }
    byte[] means = new byte[cells * cells * 3];
    for (int c = 0; c < counts.length; c++) {
      for (int k = 0; k < 3; k++) {
        means[3 * c + k] = (byte) Math.round(sums[3 * c + k] / (double) counts[c]);
      }
    }
    RgbImage small = new RgbImage(cells, cells, means);
    if (palette != null) {
      small = palette.snap(small);
    }
    byte[] m = small.rgb();
    byte[] out = new byte[p.length];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        int c = 3 * (cellOf[y] * cells + cellOf[x]);
        int i = 3 * (y * side + x);
        out[i] = m[c];
        out[i + 1] = m[c + 1];
        out[i + 2] = m[c + 2];
      }
    }
    return new RgbImage(side, side, out);
  }

  /** How evaluation.json and the manifest describe it. */
  public ObjectNode describe() {
    ObjectNode d = Json.object();
    d.put("found", found()).put("cells", cells).put("side", side).put("share", share);
    return d;
  }
}
