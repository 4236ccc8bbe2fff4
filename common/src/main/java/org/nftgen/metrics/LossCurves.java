package org.nftgen.metrics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nftgen.image.PngCodec;
import org.nftgen.io.HadoopFiles;

/** Writes {@code loss.png} of a run: every {@code loss/*} metric against the round. */
public final class LossCurves {
  public static final String FILE = "loss.png";

  private LossCurves() {}

  public static void write(Path runDir, List<ObjectNode> records, Configuration conf) {
    LinePlot plot = new LinePlot("Training losses", "round");
    double[] rounds = records.stream().mapToDouble(r -> r.path("round").asDouble()).toArray();
    records.stream().findFirst().ifPresent(first -> first.fieldNames().forEachRemaining(name -> {
      if (name.startsWith("loss/")) {
        plot.series(name, rounds, records.stream().mapToDouble(r -> r.path(name).asDouble(Double.NaN)).toArray());
      }
    }));
    HadoopFiles.writeAtomically(new Path(runDir, FILE), PngCodec.encode(plot.render(720, 420)), conf);
  }
}
