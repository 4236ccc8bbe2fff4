package org.nftgen.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/** Lays images out in a grid with thin gutters, for sample sheets and side-by-side comparisons. */
public final class ImageGrid {
  private static final int GUTTER = 2;

  private ImageGrid() {}

  /** A grid of {@code columns} columns; every image is drawn at {@code cell} x {@code cell}. */
  public static BufferedImage of(List<RgbImage> images, int columns, int cell) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("an image grid needs at least one image");
    }
    int rows = (images.size() + columns - 1) / columns;
    BufferedImage sheet = new BufferedImage(columns * (cell + GUTTER) + GUTTER, rows * (cell + GUTTER) + GUTTER,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    try {
      g.setColor(new Color(0x202020));
      g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
      for (int i = 0; i < images.size(); i++) {
        int x = GUTTER + (i % columns) * (cell + GUTTER);
        int y = GUTTER + (i / columns) * (cell + GUTTER);
        g.drawImage(images.get(i).toBufferedImage(), x, y, cell, cell, null);
      }
    } finally {
      g.dispose();
    }
    return sheet;
  }
}
