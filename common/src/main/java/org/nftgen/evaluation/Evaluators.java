package org.nftgen.evaluation;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.nftgen.run.JobNames;

/**
 * The evaluators by the job that wrote the folder {@code evaluate} is given (its saved config
 * records it): one registry, as stylegan2-ada's {@code metric_main} keeps one of its metrics, so a
 * new kind of run is measured by adding one line here.
 */
public final class Evaluators {
  private static final Map<String, RunEvaluator> BY_JOB = new TreeMap<>(Map.of(
      JobNames.PREPARE, DatasetCalibration::evaluate,
      JobNames.TRAIN_DCGAN, DcganEvaluator::evaluate,
      JobNames.TRAIN_BLEND, BlendEvaluator::evaluate,
      JobNames.TRAIN_SRGAN, SrganEvaluator::evaluate));

  private Evaluators() {}

  /** The kinds of run (the jobs that wrote them) that evaluate measures. */
  public static Set<String> kinds() {
    return BY_JOB.keySet();
  }

  /** The evaluator of runs written by {@code job}, one of {@link #kinds()}. */
  public static RunEvaluator forJob(String job) {
    return BY_JOB.get(job);
  }
}
