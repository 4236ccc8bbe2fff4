package org.nftgen.averaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.nftgen.io.Json;
import org.nftgen.io.ProgressLog;
import org.nftgen.metrics.LossCurves;
import org.nftgen.metrics.MetricsLog;
import org.nftgen.metrics.Progress;
import org.nftgen.run.CheckpointStore;
import org.nftgen.run.StateCodec;

/**
 * The driver side of a training job, shared by every GAN: rounds of parameter averaging, with
 * {@code metrics.jsonl} after each round, checkpoints and samples every few rounds, a stop on
 * divergence before anything bad is saved, a wall-clock budget, and resume from the newest
 * complete checkpoint (which reproduces the uninterrupted run: every random choice of a round
 * derives from the seed, the round and the worker).
 */
public final class TrainingRun<S extends Averageable<S>> {
  public static final String STATE = org.nftgen.run.CheckpointStore.STATE;

  /** What the model contributes at sample time (a grid of generated images, typically). */
  @FunctionalInterface
  public interface Sampler<S> {
    void sample(S state, long round);
  }

  private final String job;
  private final TrainSettings settings;
  private final Path runDir;
  private final Configuration conf;
  private final AveragingLoop<S> loop;
  private final Class<S> type;
  /** Files that every checkpoint carries beside the state (what the model was bound to), by name. */
  private Map<String, byte[]> companions = Map.of();

  public TrainingRun(String job, TrainSettings settings, Path runDir, Configuration conf, AveragingLoop<S> loop,
      Class<S> type) {
    this.job = job;
    this.settings = settings;
    this.runDir = runDir;
    this.conf = conf;
    this.loop = loop;
    this.type = type;
  }

  /**
   * Adds {@code files} to every checkpoint, beside the state, under the same commit marker: what the
   * model was built for (a conditional DCGAN's traits) travels with its weights. A resumed run takes
   * only a checkpoint whose copies are byte-identical.
   */
  public TrainingRun<S> withCheckpointFiles(Map<String, byte[]> files) {
    this.companions = Map.copyOf(files);
    return this;
  }

  /** Trains from {@code initial} (or the newest checkpoint with resume) and returns the last state. */
  public S run(JavaRDD<byte[]> shards, Supplier<S> initial, Sampler<S> sampler) {
    CheckpointStore checkpoints = new CheckpointStore(runDir, conf);
    S state;
    long firstRound = 1;
    MetricsLog metrics;
    CheckpointStore.Verified<S> verified = settings.resume()
        ? checkpoints.newestReadable(files -> StateCodec.decode(required(files, companions), type)).orElse(null)
        : null;
    if (settings.resume() && verified == null && !checkpoints.committed().isEmpty()) {
      throw new IllegalStateException("--resume: no checkpoint in " + runDir + " verifies (see above); "
          + "nothing was changed");
    }
    CheckpointStore.Checkpoint resumeFrom = verified == null ? null : verified.checkpoint();
    if (resumeFrom != null) {
      state = verified.content();
      firstRound = resumeFrom.round() + 1;
      metrics = MetricsLog.resume(runDir, conf, resumeFrom.round());
      ProgressLog.format("%s: resuming from the checkpoint of round %d in %s", job, resumeFrom.round(),
          resumeFrom.folder());
    } else {
      state = initial.get();
      metrics = MetricsLog.fresh(runDir, conf);
    }
    long started = System.nanoTime();
    for (long round = firstRound; round <= settings.rounds(); round++) {
      AveragingLoop.Round<S> result = loop.run(shards, state, round);
      Divergence.check(result.metrics(), result.state(), round, () -> checkpoints.latest()
          .map(c -> "the last good checkpoint is round " + c.round() + " in " + c.folder())
          .orElse("no checkpoint was written yet"));
      state = result.state();
      double elapsed = (System.nanoTime() - started) / 1e9;
      boolean outOfTime = settings.maxMinutes() > 0 && elapsed >= settings.maxMinutes() * 60;
      boolean last = round == settings.rounds() || outOfTime;
      metrics.append(record(round, result));
      if (round % settings.checkpointEvery() == 0 || last) {
        Map<String, byte[]> files = new java.util.LinkedHashMap<>(companions);
        files.put(STATE, StateCodec.encode(state));
        checkpoints.write(round, files);
        checkpoints.prune(settings.keepCheckpoints());
      }
      if (round % settings.sampleEvery() == 0 || last) {
        sampler.sample(state, round);
        LossCurves.write(runDir, metrics.records(), conf);
      }
      ProgressLog.line(Progress.line(job, round, settings.rounds(), result.metrics(),
          result.images() / result.seconds(), round - firstRound + 1, elapsed, settings.maxMinutes() * 60));
      if (outOfTime && round < settings.rounds()) {
        ProgressLog.format("%s: stopping after round %d: max-minutes %.1f reached", job, round,
            settings.maxMinutes());
        break;
      }
    }
    return state;
  }

  private static byte[] required(Map<String, byte[]> files, Map<String, byte[]> companions) {
    byte[] state = files.get(STATE);
    if (state == null) {
      throw new IllegalStateException("the checkpoint has no " + STATE);
    }
    companions.forEach((name, expected) -> {
      if (!java.util.Arrays.equals(expected, files.get(name))) {
        throw new IllegalStateException("the checkpoint's " + name + (files.containsKey(name) ? " differs from"
            : " is missing, unlike") + " this run's: it was trained for another dataset or settings");
      }
    });
    return state;
  }

  private static ObjectNode record(long round, AveragingLoop.Round<?> r) {
    ObjectNode m = Json.object();
    m.put("round", round);
    r.metrics().forEach(m::put);
    m.put("timing/round", r.seconds());
    m.put("timing/averaging", Math.max(0, r.seconds() - r.workerSeconds()));
    m.put("images/s", r.images() / r.seconds());
    m.put("workers", r.workers());
    return m;
  }
}
