package org.nftgen.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nftgen.image.ImageGrid;
import org.nftgen.image.PngCodec;
import org.nftgen.image.RgbImage;
import org.nftgen.io.HadoopFiles;
import org.nftgen.io.Json;
import org.nftgen.metrics.eval.Evaluation;

/** What every evaluator writes the same way: {@code evaluation.json}, the metric fields, the contact sheets. */
final class EvaluationOutputs {
  static final String FILE = "evaluation.json";

  private EvaluationOutputs() {}

  static ObjectNode write(Path outDir, ObjectNode result, Configuration conf) {
    Path out = new Path(outDir, FILE);
    HadoopFiles.writeString(out, Json.pretty(result), conf);
    org.nftgen.io.ProgressLog.line("evaluate: wrote " + out);
    return result;
  }

  /** The yardstick's metrics of one set of samples, under the field names evaluation.json keeps. */
  static void put(ObjectNode o, Evaluation.Result r) {
    o.put("kid", r.kid()).put("kidStd", r.kidStd()).put("fid", r.fid()).put("precision", r.precision())
        .put("recall", r.recall()).put("c2st", r.c2st()).put("sharpness", r.sharpness()).put("colours", r.colours())
        .put("backgroundPurity", r.backgroundPurity()).put("copyRate", r.copyRate())
        .put("features", r.features());
  }

  /** The calibration's verdicts and each metric's value on real images and on the worst damage. */
  static ObjectNode calibrationSummary(JsonNode calibration) {
    ObjectNode out = Json.object();
    out.put("features", calibration.path("features").asText());
    out.put("samples", calibration.path("samples").asInt());
    ObjectNode metrics = out.putObject("metrics");
    calibration.path("metrics").fields().forEachRemaining(e -> {
      ObjectNode m = metrics.putObject(e.getKey());
      m.put("passed", e.getValue().path("passed").asBoolean());
      m.set("real", e.getValue().path("values").path("real"));
      List<String> failed = new ArrayList<>();
      for (JsonNode check : e.getValue().path("checks")) {
        if (!check.path("passed").asBoolean()) {
          failed.add(check.path("check").asText());
        }
      }
      m.set("failed", Json.mapper().valueToTree(failed));
    });
    return out;
  }

  /** {@code nearest.png}: up to {@code nearest-pairs} generated images, each followed by its nearest training image. */
  static void writeNearest(Path out, List<RgbImage> generated, List<RgbImage> training, int[] nearest,
      EvaluationRequest.Sheets sheets, Configuration conf) {
    writeNearest(out, "nearest.png", generated, training, nearest, sheets, conf);
  }

  /** As {@link #writeNearest(Path, List, List, int[], EvaluationRequest.Sheets, Configuration)}, to {@code name}. */
  static void writeNearest(Path out, String name, List<RgbImage> generated, List<RgbImage> training, int[] nearest,
      EvaluationRequest.Sheets sheets, Configuration conf) {
    List<RgbImage> cells = new ArrayList<>();
    for (int i = 0; i < Math.min(sheets.nearestPairs(), generated.size()); i++) {
      cells.add(generated.get(i));
      cells.add(training.get(nearest[i]));
    }
    HadoopFiles.writeAtomically(new Path(out, name),
        PngCodec.encode(ImageGrid.of(cells, sheets.columns(), sheets.cell())), conf);
  }
}
