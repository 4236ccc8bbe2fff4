package org.nftgen.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nftgen.io.HadoopFiles;

/**
 * The run's {@code metrics.jsonl}: one JSON object per round. Object stores cannot append, so the
 * driver keeps the records and rewrites the whole (small) file atomically after each round; a
 * resumed run reloads it and drops records past the round it resumes from.
 */
public final class MetricsLog {
  public static final String FILE = "metrics.jsonl";
  private static final ObjectMapper LINES = new ObjectMapper(); // compact: one object per line

  private final Path file;
  private final Configuration conf;
  private final List<ObjectNode> records = new ArrayList<>();

  private MetricsLog(Path runDir, Configuration conf) {
    this.file = new Path(runDir, FILE);
    this.conf = conf;
  }

  /** A new, empty log for a fresh run. */
  public static MetricsLog fresh(Path runDir, Configuration conf) {
    return new MetricsLog(runDir, conf);
  }

  /** The log of an interrupted run, keeping the records of rounds up to {@code lastRound}. */
  public static MetricsLog resume(Path runDir, Configuration conf, long lastRound) {
    MetricsLog log = new MetricsLog(runDir, conf);
    if (HadoopFiles.exists(log.file, conf)) {
      for (String line : HadoopFiles.readString(log.file, conf).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonNode node = LINES.readTree(line);
          if (node.path("round").asLong(Long.MAX_VALUE) <= lastRound) {
            log.records.add((ObjectNode) node);
          }
        } catch (IOException e) {
          throw new UncheckedIOException("Corrupt line in " + log.file + ": " + line, e);
        }
      }
    }
    return log;
  }

  public void append(ObjectNode record) {
    records.add(record);
    StringBuilder text = new StringBuilder();
    for (ObjectNode r : records) {
      try {
        text.append(LINES.writeValueAsString(r)).append('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    HadoopFiles.writeString(file, text.toString(), conf);
  }

  public List<ObjectNode> records() {
    return List.copyOf(records);
  }
}
