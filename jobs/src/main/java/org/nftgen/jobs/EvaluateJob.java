package org.nftgen.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import org.apache.hadoop.fs.Path;
import org.nftgen.evaluation.EvaluationContext;
import org.nftgen.evaluation.EvaluationRequest;
import org.nftgen.evaluation.Evaluators;
import org.nftgen.run.TrainedRun;

/**
 * {@code evaluate}: measures a trained model, or calibrates the yardstick on a prepared dataset.
 * Which job wrote the folder (its saved config.conf says) picks the evaluator
 * ({@link Evaluators}): a DCGAN against the images its run held out, a blend against both of its
 * collections, an SRGAN by PSNR and SSIM beside bicubic upscaling.
 */
public final class EvaluateJob {
  static final JobCli CLI = JobCli.of("evaluate", "Evaluates a trained generator against held-out images.")
      .flag("--input", "nftgen.evaluate.input", "a run folder or one of its checkpoints")
      .flag("--output", "nftgen.evaluate.output", "folder for evaluation.json and nearest.png")
      .flag("--generator-sha256", "nftgen.evaluate.generator-sha256",
          "the SHA-256 of the checkpoint's state.bin, or a batch's manifest.json: refuse any other model")
      .flag("--traits-classifier", "nftgen.evaluate.traits-classifier",
          "a train-traits run: also measure how the samples' predicted traits match the collection's rarities")
      .toggle("--calibrate", "nftgen.evaluate.calibrate",
          "run the yardstick's calibration suite again and write calibration.json, .md and .png");

  private EvaluateJob() {}

  public static void main(String[] args) {
    JobMain.execute(CLI, args, EvaluationRequest::from, EvaluateJob::run);
  }

  public static ObjectNode run(EvaluationRequest request, Config config) {
    SparkRuntime runtime = SparkRuntime.start("evaluate", config);
    // The run's saved settings are read, and its checkpoint verified, once, here.
    TrainedRun run = TrainedRun.open(runtime.qualify(request.input()), runtime.hadoop(), Evaluators.kinds());
    Path output = runtime.qualify(request.output());
    return Evaluators.forJob(run.job()).evaluate(new EvaluationContext(runtime.session(), runtime.hadoop(), run,
        output, request, config));
  }
}
