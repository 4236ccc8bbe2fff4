package org.nftgen.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import org.apache.hadoop.fs.Path;
import org.nftgen.generate.BatchLayout;
import org.nftgen.generate.BatchRun;
import org.nftgen.generate.GenerateInputs;
import org.nftgen.generate.GenerateSettings;
import org.nftgen.run.WriterLease;

/**
 * {@code generate}: a batch of finished images from a trained generator and an upscaler, under
 * {@code <prefix>/batch=<id>/} ({@link BatchRun} has the layout and how a re-run resumes). The
 * models and the traits asked for are checked before Spark starts ({@link GenerateInputs}).
 */
public final class GenerateJob {
  static final JobCli CLI = JobCli.of("generate", "Generates a batch of finished images from trained models.")
      .flag("--generator", "nftgen.generate.generator", "the generator: a train-dcgan run folder or checkpoint")
      .flag("--upscaler", "nftgen.generate.upscaler",
          "the SRGAN run folder or checkpoint, or a 2x and a 4x one separated by a comma (empty: bicubic)")
      .flag("--generator-sha256", "nftgen.generate.generator-sha256",
          "the SHA-256 of the generator's state.bin, or an earlier batch's manifest.json: refuse any other model")
      .flag("--traits", "nftgen.generate.traits",
          "traits every image must show, e.g. Background=Blue,Hat=Fez (a conditional generator, or --traits-classifier)")
      .flag("--traits-file", "nftgen.generate.traits-file",
          "per-image trait requests for a conditional generator: a .csv (header of trait types) or .json array")
      .flag("--traits-classifier", "nftgen.generate.traits-classifier",
          "a train-traits run: each image's traits in its metadata are that classifier's predictions")
      .flag("--batch-id", "nftgen.generate.batch-id", "the batch id (A-Z a-z 0-9 . _ -)")
      .flag("--count", "nftgen.generate.count", "images in the batch")
      .flag("--seed", "nftgen.generate.seed", "the seed the latents derive from")
      .flag("--output", "nftgen.generate.output", "the output prefix; the batch goes to <prefix>/batch=<id>/")
      .toggle("--overwrite", "nftgen.generate.overwrite", "replace a complete batch")
      .toggle("--skip-complete", "nftgen.generate.skip-complete",
          "succeed without work when the same batch is already complete (for scheduler retries)");

  private GenerateJob() {}

  public static void main(String[] args) {
    JobMain.execute(CLI, args, GenerateSettings::from, GenerateJob::run);
  }

  /** Generates the batch; returns its manifest. */
  public static ObjectNode run(GenerateSettings s, Config config) {
    long start = System.nanoTime();
    GenerateInputs inputs = GenerateInputs.read(s, SparkRuntime.hadoopBeforeStart(config));
    SparkRuntime runtime = SparkRuntime.start("generate", config);
    Path batchDir = BatchLayout.batchDir(runtime.qualify(s.output()), s.batchId());
    // One writer per batch: a second run (an overlapping scheduler retry) fails here, before it
    // deletes or writes anything of the batch.
    try (WriterLease lease = WriterLease.acquire(batchDir, "Batch " + s.batchId() + " at " + batchDir,
        s.leaseSeconds(), runtime.hadoop())) {
      return new BatchRun(runtime.session(), runtime.hadoop(), config)
          .write(s, inputs, batchDir, lease, start);
    }
  }
}
