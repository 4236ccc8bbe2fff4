package org.nftgen.metrics;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plain line chart drawn with Java2D (no plotting library on the JVM side): named series over a
 * shared x axis, with axes, ticks and a legend. Used for loss curves.
 */
public final class LinePlot {
  private static final Color[] PALETTE = {
    new Color(0x1F77B4), new Color(0xD62728), new Color(0x2CA02C), new Color(0xFF7F0E), new Color(0x9467BD)};
  private final String title;
  private final String xLabel;
  private final Map<String, double[][]> series = new LinkedHashMap<>();

  public LinePlot(String title, String xLabel) {
    this.title = title;
    this.xLabel = xLabel;
  }

  /** Adds a series of points; non-finite values are skipped. */
  public LinePlot series(String name, double[] x, double[] y) {
    series.put(name, new double[][] {x, y});
    return this;
  }

  public BufferedImage render(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      int left = 60;
      int right = width - 20;
      int top = 40;
      int bottom = height - 50;
      double minX = Double.MAX_VALUE;
      double maxX = -Double.MAX_VALUE;
      double minY = Double.MAX_VALUE;
      double maxY = -Double.MAX_VALUE;
      for (double[][] s : series.values()) {
        for (int i = 0; i < s[0].length; i++) {
          if (Double.isFinite(s[1][i])) {
            minX = Math.min(minX, s[0][i]);
            maxX = Math.max(maxX, s[0][i]);
            minY = Math.min(minY, s[1][i]);
            maxY = Math.max(maxY, s[1][i]);
          }
        }
      }
      if (minX > maxX) {
        minX = 0;
        maxX = 1;
        minY = 0;
        maxY = 1;
      }
      if (maxX == minX) {
        maxX = minX + 1;
      }
      if (maxY == minY) {
        maxY = minY + 1;
      }
      minY = Math.min(minY, 0);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      g.drawString(title, left, 22);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      g.drawLine(left, bottom, right, bottom);
      g.drawLine(left, top, left, bottom);
      for (int t = 0; t <= 4; t++) {
        double vy = minY + (maxY - minY) * t / 4;
        int py = bottom - (int) Math.round((bottom - top) * t / 4.0);
        g.setColor(new Color(0xE0E0E0));
        g.drawLine(left + 1, py, right, py);
        g.setColor(Color.BLACK);
        g.drawString(String.format("%.2f", vy), 8, py + 4);
        double vx = minX + (maxX - minX) * t / 4;
        int px = left + (int) Math.round((right - left) * t / 4.0);
        g.drawString(String.format("%.0f", vx), px - 8, bottom + 16);
      }
      g.drawString(xLabel, (left + right) / 2 - 20, bottom + 34);
      int legendY = top + 4;
      int colour = 0;
      for (Map.Entry<String, double[][]> e : series.entrySet()) {
        Color c = PALETTE[colour++ % PALETTE.length];
        double[] xs = e.getValue()[0];
        double[] ys = e.getValue()[1];
        Path2D line = new Path2D.Double();
        boolean started = false;
        for (int i = 0; i < xs.length; i++) {
          if (!Double.isFinite(ys[i])) {
            continue;
          }
          double px = left + (xs[i] - minX) / (maxX - minX) * (right - left);
          double py = bottom - (ys[i] - minY) / (maxY - minY) * (bottom - top);
          if (started) {
            line.lineTo(px, py);
          } else {
            line.moveTo(px, py);
            started = true;
          }
        }
        g.setColor(c);
        g.setStroke(new BasicStroke(1.6f));
        g.draw(line);
        g.fillRect(right - 130, legendY - 8, 14, 3);
        g.setColor(Color.BLACK);
        g.drawString(e.getKey(), right - 110, legendY - 3);
        legendY += 16;
      }
    } finally {
      g.dispose();
    }
    return image;
  }
}
