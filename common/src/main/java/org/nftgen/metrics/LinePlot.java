package org.nftgen.metrics;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A line chart of named series over a shared x axis, with axes, grid and legend, drawn by
 * JFreeChart. Used for loss curves.
 */
public final class LinePlot {
  /** The series' colours, in order (matplotlib's first five: what people reading ML plots expect). */
  static final Color[] PALETTE = {
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
    XYSeriesCollection data = new XYSeriesCollection();
    for (Map.Entry<String, double[][]> e : series.entrySet()) {
      XYSeries s = new XYSeries(e.getKey(), false, true);
      double[] xs = e.getValue()[0];
      double[] ys = e.getValue()[1];
      for (int i = 0; i < xs.length; i++) {
        if (Double.isFinite(xs[i]) && Double.isFinite(ys[i])) {
          s.add(xs[i], ys[i]);
        }
      }
      data.addSeries(s);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, null, data, PlotOrientation.VERTICAL,
        true, false, false);
    chart.setBackgroundPaint(Color.WHITE);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xE0E0E0));
    plot.setRangeGridlinePaint(new Color(0xE0E0E0));
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(renderer);
    if (series.values().stream().flatMapToDouble(xy -> java.util.Arrays.stream(xy[0])).allMatch(x -> x == Math.rint(x))) {
      // Rounds, epochs: whole numbers on the x axis, never "2.5".
      plot.getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    }
    return chart.createBufferedImage(width, height, BufferedImage.TYPE_INT_RGB, null);
  }
}
