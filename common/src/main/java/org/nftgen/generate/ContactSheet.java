package org.nftgen.generate;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nftgen.image.PngCodec;
import org.nftgen.io.HadoopFiles;
import org.nftgen.io.Json;

/**
 * One PNG of a finished batch for a person to look at: each image at every size side by side, at
 * its own pixels (no rescaling, so what the sheet shows is what the bucket holds), four images to a
 * row, up to {@link #MAX_IMAGES}. Read from the batch's manifest and image files, like any consumer.
 */
public final class ContactSheet {
  public static final String NAME = "contact-sheet.png";
  static final int MAX_IMAGES = 16;
  private static final int PER_ROW = 4;
  private static final int GUTTER = 4;
  private static final long MAX_IMAGE_BYTES = 64L << 20;

  private ContactSheet() {}

  /**
   * Writes the sheet of {@code batch} to {@code out} and returns it. Not into the batch folder:
   * that holds exactly what its manifest lists, and generate removes anything else there.
   */
  public static Path write(Path batch, Path out, Configuration conf) {
    JsonNode manifest;
    try {
      manifest = Json.mapper().readTree(HadoopFiles.readString(new Path(batch, BatchLayout.MANIFEST), conf));
    } catch (IOException e) {
      throw new UncheckedIOException("Unreadable manifest in " + batch + ": " + e.getMessage(), e);
    }
    List<Integer> sides = new ArrayList<>();
    manifest.path("sides").forEach(s -> sides.add(s.asInt()));
    long count = Math.min(MAX_IMAGES, manifest.path("counts").path("images").asLong(manifest.path("count").asLong()));
    if (sides.isEmpty() || count <= 0) {
      throw new IllegalStateException("The manifest of " + batch + " lists no sides or no images");
    }
    int cellWidth = GUTTER;
    int cellHeight = 0;
    for (int side : sides) {
      cellWidth += side + GUTTER;
      cellHeight = Math.max(cellHeight, side);
    }
    int rows = (int) ((count + PER_ROW - 1) / PER_ROW);
    BufferedImage sheet = new BufferedImage(PER_ROW * cellWidth + GUTTER, rows * (cellHeight + GUTTER) + GUTTER,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    try {
      g.setColor(new Color(0x202020));
      g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
      for (int i = 0; i < count; i++) {
        int x = GUTTER + (i % PER_ROW) * cellWidth;
        int y = GUTTER + (i / PER_ROW) * (cellHeight + GUTTER);
        for (int side : sides) {
          g.drawImage(read(new Path(batch, BatchLayout.key(side, i)), conf), x, y + cellHeight - side, null);
          x += side + GUTTER;
        }
      }
    } finally {
      g.dispose();
    }
    HadoopFiles.writeAtomically(out, PngCodec.encode(sheet), conf);
    return out;
  }

  private static BufferedImage read(Path image, Configuration conf) {
    try {
      BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(HadoopFiles.readAll(image, MAX_IMAGE_BYTES, conf)));
      if (decoded == null) {
        throw new IllegalStateException(image + " is not a readable image");
      }
      return decoded;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot decode " + image + ": " + e.getMessage(), e);
    }
  }
}
