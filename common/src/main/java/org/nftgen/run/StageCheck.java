package org.nftgen.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Before a multi-stage job runs anything: every stage whose output already exists must have been
 * made with the settings it would be run with now ({@link StageRecord}). Otherwise reusing it (or
 * resuming it) would hand the user the old recipe's model under the new recipe's name, so the job
 * stops with every such stage, what changed, and what to delete, before it writes anything.
 */
public final class StageCheck {
  /** Differences listed per stage before "and N more". */
  private static final int SHOWN = 6;

  /**
   * One stage as the job would run it now: its id, its output folder, its record, and whether that
   * folder holds anything the stage would reuse or resume (a training run that failed before its
   * first checkpoint holds nothing: it starts afresh, whatever its record says).
   */
  public record Planned(String id, Path output, StageRecord record, boolean made) {}

  private StageCheck() {}

  /** Where the record of stage {@code id} lives below the job's {@code recordDir}. */
  public static Path recordPath(Path recordDir, String id) {
    return new Path(recordDir, id + ".json");
  }

  /**
   * Checks every planned stage with an existing output against its saved record; returns the ids of
   * stages whose output exists without a record (made before records were kept: reused unchecked).
   *
   * @throws JobFailedException naming each mismatched stage's output and its differences
   */
  public static List<String> verify(Path recordDir, List<Planned> stages, Configuration hadoop) {
    List<String> unrecorded = new ArrayList<>();
    List<String> mismatches = new ArrayList<>();
    List<String> toDelete = new ArrayList<>();
    for (Planned stage : stages) {
      if (!stage.made()) {
        continue; // a stage that will be made from scratch; a stale record is overwritten then
      }
      Optional<StageRecord> saved = StageRecord.read(recordPath(recordDir, stage.id()), hadoop);
      if (saved.isEmpty()) {
        unrecorded.add(stage.id());
        continue;
      }
      List<String> diffs = saved.get().differences(stage.record());
      if (!diffs.isEmpty()) {
        StringBuilder line = new StringBuilder("  " + stage.id() + " (" + stage.output() + "):");
        diffs.stream().limit(SHOWN).forEach(d -> line.append("\n    ").append(d));
        if (diffs.size() > SHOWN) {
          line.append("\n    and ").append(diffs.size() - SHOWN).append(" more");
        }
        mismatches.add(line.toString());
        toDelete.add(stage.output().toString());
      }
    }
    if (!mismatches.isEmpty()) {
      throw new JobFailedException("the work folder holds stage outputs made with other settings than this run's,"
          + " so they were neither reused nor overwritten:\n" + String.join("\n", mismatches)
          + "\nUse a new work folder (--output), or delete these to make them again with this run's settings: "
          + String.join(" ", toDelete));
    }
    return unrecorded;
  }
}
