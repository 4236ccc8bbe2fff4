package org.nftgen.metrics.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nftgen.image.ImageGrid;
import org.nftgen.image.PngCodec;
import org.nftgen.image.RgbImage;
import org.nftgen.io.HadoopFiles;
import org.nftgen.io.Json;

/** What evaluate writes for people to look at beside evaluation.json: the calibration and the realness scores. */
public final class CalibrationOutputs {
  private CalibrationOutputs() {}

  /**
   * {@code calibration.json} (every value and check), {@code calibration.md} (the table) and
   * {@code calibration.png}: one row of {@code columns} images per set, in the table's column order,
   * each drawn at {@code cell} px.
   */
  public static void write(Path outDir, Calibration.Report report, int columns, int cell, Configuration conf) {
    HadoopFiles.writeString(new Path(outDir, "calibration.json"), Json.pretty(Calibration.toJson(report)), conf);
    HadoopFiles.writeString(new Path(outDir, "calibration.md"), "Calibration of the yardstick (" + report.features()
        + ", " + report.sets().get(Calibration.REAL).size() + " images per set); rows of calibration.png: "
        + String.join(", ", report.sets().keySet()) + "\n\n" + Calibration.toMarkdown(report), conf);
    List<RgbImage> rows = new ArrayList<>();
    for (Map.Entry<String, List<RgbImage>> set : report.sets().entrySet()) {
      List<RgbImage> images = set.getValue();
      for (int i = 0; i < columns; i++) {
        rows.add(images.get(i % images.size()));
      }
    }
    HadoopFiles.writeAtomically(new Path(outDir, "calibration.png"), PngCodec.encode(ImageGrid.of(rows, columns, cell)),
        conf);
  }

  /**
   * {@code c2st-scores.csv} (each generated image's held-out probability of being real, by sample
   * index) and {@code realness.png}: two rows of {@code columns} of the least real samples at the
   * top, two of the most real at the bottom, each drawn at {@code cell} px.
   */
  public static void writeRealness(Path outDir, List<RgbImage> generated, double[] realness, int columns, int cell,
      Configuration conf) {
    StringBuilder csv = new StringBuilder("sample,realness\n");
    for (int i = 0; i < realness.length; i++) {
      csv.append(i).append(',').append(String.format("%.6f", realness[i])).append('\n');
    }
    HadoopFiles.writeString(new Path(outDir, "c2st-scores.csv"), csv.toString(), conf);
    List<Integer> order = IntStream.range(0, generated.size()).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> realness[i])).toList();
    int shown = Math.min(2 * columns, order.size());
    List<RgbImage> sheet = new ArrayList<>();
    order.subList(0, shown).forEach(i -> sheet.add(generated.get(i)));
    order.subList(order.size() - shown, order.size()).forEach(i -> sheet.add(generated.get(i)));
    HadoopFiles.writeAtomically(new Path(outDir, "realness.png"), PngCodec.encode(ImageGrid.of(sheet, columns, cell)),
        conf);
  }
}
