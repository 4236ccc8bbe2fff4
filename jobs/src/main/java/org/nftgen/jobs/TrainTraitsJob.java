package org.nftgen.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.nftgen.config.SettingsException;
import org.nftgen.data.DatasetReader;
import org.nftgen.data.TraitLabels;
import org.nftgen.data.TraitVocabulary;
import org.nftgen.io.HadoopFiles;
import org.nftgen.io.Json;
import org.nftgen.io.ProgressLog;
import org.nftgen.run.RunFolder;
import org.nftgen.run.WriterLease;
import org.nftgen.traits.TraitClassifier;
import org.nftgen.traits.TraitExamples;
import org.nftgen.traits.TraitSettings;
import org.nftgen.traits.TraitTrainer;

/**
 * {@code train-traits}: trains the trait classifier (one softmax head per trait type) on a
 * prepared dataset's images with traits, on Spark with DL4J's parameter averaging. The last share
 * of the dataset (by index, {@code nftgen.traits.holdout-fraction}) is held out; the run folder
 * gets {@code config.conf}, {@code metrics.jsonl}, {@code checkpoints/} and
 * {@code evaluation.json} (held-out accuracy per trait type beside the majority baseline).
 */
public final class TrainTraitsJob {
  static final JobCli CLI = JobCli.of(TraitClassifier.JOB, "Trains the trait classifier on Spark.")
      .flag("--input", "nftgen.traits.input", "the prepared dataset (with metadata)")
      .flag("--output", "nftgen.traits.output", "the run folder")
      .flag("--epochs", "nftgen.traits.epochs", "passes over the training images")
      .flag("--workers", "nftgen.traits.workers", "workers fitting in parallel between averagings")
      .toggle("--overwrite", "nftgen.traits.overwrite", "replace an existing run folder");
  static final String EVALUATION = TraitClassifier.EVALUATION;

  private TrainTraitsJob() {}

  public static void main(String[] args) {
    JobMain.execute(CLI, args, TraitSettings::from, TrainTraitsJob::run);
  }

  /** Trains; returns the run's evaluation. */
  public static ObjectNode run(TraitSettings s, Config config) {
    SparkRuntime runtime = SparkRuntime.start(TraitClassifier.JOB, config);
    Path runDir = runtime.qualify(s.output());
    Path dataset = runtime.qualify(s.input());
    JsonNode manifest = DatasetReader.manifest(dataset, runtime.hadoop());
    TraitLabels labels = TraitLabels.of(TraitVocabulary.fromManifest(manifest), s.maxValues());
    if (labels.types().isEmpty()) {
      throw new SettingsException("Dataset " + dataset + " has no trait type to learn"
          + (labels.skipped().isEmpty() ? " (prepare found no metadata)" : ": " + labels.skipped()));
    }
    // Held to the end of the run: one writer per run folder.
    try (WriterLease lease = RunFolder.open(runDir, false, s.overwrite(), runtime.config(), java.util.List.of("nftgen.traits"), java.util.Set.of(), runtime.hadoop())) {
      long total = DatasetReader.count(manifest);
      long trainCount = Math.max(1, Math.round(total * (1 - s.holdoutFraction())));
      JavaRDD<TraitExamples.Example> training = TraitExamples.read(runtime.session(), dataset, s.resolution(), 0,
          trainCount);
      List<TraitExamples.Example> heldOut = TraitExamples.read(runtime.session(), dataset, s.resolution(), trainCount,
          total).collect();
      runtime.saveConfig(runDir);
      long start = System.nanoTime();
      ObjectNode accuracy = TraitTrainer.train(runtime.context(), s, labels, training, heldOut, runDir,
          runtime.hadoop());
      ObjectNode evaluation = Json.object();
      evaluation.put("kind", "trait-classifier");
      evaluation.put("dataset", dataset.toString());
      evaluation.put("resolution", s.resolution());
      evaluation.put("epochs", s.epochs());
      evaluation.put("trainImages", trainCount);
      evaluation.put("heldOutImages", heldOut.size());
      evaluation.put("seconds", Math.round((System.nanoTime() - start) / 1e6) / 1000.0);
      evaluation.set("types", accuracy);
      ObjectNode skipped = evaluation.putObject("skippedTypes");
      labels.skipped().forEach(skipped::put);
      HadoopFiles.writeString(new Path(runDir, EVALUATION), Json.pretty(evaluation), runtime.hadoop());
      ProgressLog.format("train-traits: done; %d trait types on %d training images, %d held out; run folder %s",
          labels.types().size(), trainCount, heldOut.size(), runDir);
      return evaluation;
    }
  }
}
