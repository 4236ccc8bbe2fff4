package org.nftgen.traits;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nftgen.data.TraitLabels;
import org.nftgen.data.TraitVocabulary;
import org.nftgen.image.Pixels;
import org.nftgen.io.Json;
import org.nftgen.run.RunFolder;
import org.nftgen.run.StateCodec;
import org.nftgen.run.TrainedRun;
import org.nftgen.run.VerifiedCheckpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trained trait classifier as the driver broadcasts it: its shape (the run's saved
 * {@code config.conf}), its labels and parameters, from a checkpoint whose files were verified
 * against their SHA-256.
 */
public record TraitClassifier(TraitSettings settings, TraitLabels labels, float[] params, String checkpointId,
    String checkpointFolder, Map<String, String> sha256) implements Serializable {
  private static final Logger LOG = LoggerFactory.getLogger(TraitClassifier.class);
  private static final long serialVersionUID = 1L;
  /** The job that trains it, as its run folder's saved config records. */
  public static final String JOB = org.nftgen.run.JobNames.TRAIN_TRAITS;
  /** The checkpoint file of the parameters. */
  public static final String STATE = "classifier.bin";
  /** The checkpoint file of the labels (trait types, values, counts). */
  public static final String LABELS = "labels.json";
  /** The run's held-out accuracy per trait type, beside its checkpoints. */
  public static final String EVALUATION = "evaluation.json";

  /** The parameters as a checkpoint holds them. */
  public record State(float[] params) implements Serializable {}

  /**
   * One image's prediction: per trait type, its class and that class's probability, and the
   * probability of every class of the type.
   */
  public record Prediction(int[] classes, float[] confidence, float[][] probabilities) implements Serializable {}

  /** Loads from a train-traits run folder (newest committed checkpoint) or one checkpoint folder. */
  public static TraitClassifier load(Path input, Configuration conf) {
    TrainedRun run = TrainedRun.open(input, conf, java.util.List.of(JOB));
    VerifiedCheckpoint checkpoint = run.checkpoint();
    var runConfig = run.config();
    TraitLabels labels = TraitLabels.fromJson(checkpoint.file(LABELS));
    State state = StateCodec.decode(checkpoint.file(STATE), State.class);
    return new TraitClassifier(TraitSettings.from(runConfig), labels, state.params(), checkpoint.id(),
        checkpoint.folder(), checkpoint.sha256());
  }

  /** A fresh network holding these parameters, for inference. */
  public ComputationGraph network() {
    ComputationGraph net = new ComputationGraph(TraitClassifierModel.graph(settings, labels));
    net.init();
    return org.nftgen.gan.Parameters.assign(net, params, "The trait classifier of " + checkpointFolder);
  }

  /** Predicts every trait type of a batch of NCHW images in [-1, 1] at the classifier's resolution. */
  public static List<Prediction> predict(ComputationGraph net, INDArray images) {
    INDArray[] heads = net.output(false, images);
    int n = (int) images.size(0);
    List<Prediction> out = new ArrayList<>(n);
    float[][] probabilities = new float[heads.length][];
    int[] classes = new int[heads.length];
    for (int t = 0; t < heads.length; t++) {
      probabilities[t] = heads[t].castTo(DataType.FLOAT).dup('c').data().asFloat();
    }
    for (int i = 0; i < n; i++) {
      int[] best = new int[heads.length];
      float[] confidence = new float[heads.length];
      float[][] all = new float[heads.length][];
      for (int t = 0; t < heads.length; t++) {
        classes[t] = (int) heads[t].size(1);
        int base = i * classes[t];
        all[t] = java.util.Arrays.copyOfRange(probabilities[t], base, base + classes[t]);
        for (int k = 1; k < classes[t]; k++) {
          if (probabilities[t][base + k] > probabilities[t][base + best[t]]) {
            best[t] = k;
          }
        }
        confidence[t] = probabilities[t][base + best[t]];
      }
      out.add(new Prediction(best, confidence, all));
    }
    return out;
  }

  /** Predicts images of {@code side} px (8-bit RGB, HWC, as datasets and pipelines hold them), {@code batch} at a time. */
  public static List<Prediction> predict(ComputationGraph net, int side, List<byte[]> images, int batch) {
    List<Prediction> out = new ArrayList<>(images.size());
    for (int from = 0; from < images.size(); from += batch) {
      out.addAll(predict(net, Pixels.toTensor(images.subList(from, Math.min(images.size(), from + batch)), side)));
    }
    return out;
  }

  /** A prediction as traits (type -> value); a predicted {@link TraitVocabulary#NONE} is left out. */
  public Map<String, String> traits(Prediction p) {
    Map<String, String> traits = new LinkedHashMap<>();
    for (int t = 0; t < labels.types().size(); t++) {
      String value = labels.values().get(labels.types().get(t)).get(p.classes()[t]);
      if (!value.equals(TraitVocabulary.NONE)) {
        traits.put(labels.types().get(t), value);
      }
    }
    return traits;
  }

  /**
   * The probability this prediction gives {@code value} of {@code type}, or NaN where the classifier
   * does not know the type or the value.
   */
  public double probability(Prediction p, String type, String value) {
    int t = labels.types().indexOf(type);
    int c = t < 0 ? -1 : labels.values().get(type).indexOf(value);
    return c < 0 ? Double.NaN : p.probabilities()[t][c];
  }

  /**
   * Held-out accuracy per trait type as the classifier's run recorded it ({@code evaluation.json}
   * beside its checkpoints); empty where the run has none or it is unreadable. Not covered by the
   * checkpoint's hashes: it only decides which types' fidelity numbers are trusted, never a model.
   */
  public Map<String, Double> heldOutAccuracy(org.apache.hadoop.conf.Configuration conf) {
    Map<String, Double> out = new LinkedHashMap<>();
    Path file = new Path(RunFolder.of(new Path(checkpointFolder)), EVALUATION);
    try {
      if (!org.nftgen.io.HadoopFiles.exists(file, conf)) {
        return out;
      }
      com.fasterxml.jackson.databind.JsonNode json = Json.mapper().readTree(
          org.nftgen.io.HadoopFiles.readAll(file, 1 << 20, conf));
      json.path("types").fields().forEachRemaining(e -> {
        if (e.getValue().path("accuracy").isNumber() && labels.types().contains(e.getKey())) {
          out.put(e.getKey(), e.getValue().path("accuracy").asDouble());
        }
      });
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warn("trait classifier: ignoring unreadable " + file + ": " + e.getMessage());
      out.clear();
    }
    return out;
  }

  /** The manifest's record of this model. */
  public ObjectNode describe() {
    ObjectNode o = Json.object();
    o.put("kind", "trait-classifier");
    o.put("checkpoint", checkpointId);
    o.put("folder", checkpointFolder);
    o.put("resolution", settings.resolution());
    ObjectNode files = o.putObject("sha256");
    sha256.forEach(files::put);
    return o;
  }
}
