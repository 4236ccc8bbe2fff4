package org.nftgen.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftgen.io.Json;

class MetricsLogTest {
  @TempDir
  Path run;

  @Test
  void writesOneLinePerRoundAndResumesWithoutRoundsPastTheCheckpoint() throws Exception {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(run.toUri());
    MetricsLog log = MetricsLog.fresh(dir, new Configuration());
    for (int round = 1; round <= 5; round++) {
      log.append(Json.object().put("round", round).put("loss/g", 1.0 / round));
    }
    assertEquals(5, Files.readAllLines(run.resolve(MetricsLog.FILE)).size());
    assertTrue(Files.readAllLines(run.resolve(MetricsLog.FILE)).get(1).startsWith("{\"round\":2,"));

    MetricsLog resumed = MetricsLog.resume(dir, new Configuration(), 3);
    assertEquals(3, resumed.records().size());
    resumed.append(Json.object().put("round", 4).put("loss/g", 0.1));
    assertEquals(4, Files.readAllLines(run.resolve(MetricsLog.FILE)).size());
  }

  @Test
  void plotDrawsEachSeriesInItsColour() {
    BufferedImage image = new LinePlot("loss", "round")
        .series("a", new double[] {0, 1, 2}, new double[] {0, 1, 2})
        .series("b", new double[] {0, 1, 2}, new double[] {2, Double.NaN, 0})
        .render(400, 300);
    int blue = 0;
    int red = 0;
    for (int y = 0; y < 300; y++) {
      for (int x = 0; x < 400; x++) {
        int p = image.getRGB(x, y) & 0xFFFFFF;
        blue += p == 0x1F77B4 ? 1 : 0;
        red += p == 0xD62728 ? 1 : 0;
      }
    }
    assertTrue(blue > 100, "blue pixels " + blue);
    assertTrue(red > 20, "red pixels " + red);
  }
}
