package org.nftgen.traits;

import org.nftgen.data.TraitLabels;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nftgen.io.Json;

/**
 * Held-out accuracy of a trait classifier, per trait type, beside the baseline of always answering
 * the collection's most common value: a head that does not beat it has learnt nothing.
 */
public final class TraitAccuracy {
  private TraitAccuracy() {}

  /** Per type: accuracy, majority baseline, classes, images scored. */
  public static ObjectNode of(ComputationGraph net, TraitLabels labels, List<TraitExamples.Example> heldOut, int side,
      int batch) {
    int types = labels.types().size();
    long[] right = new long[types];
    long[] scored = new long[types];
    List<byte[]> pixels = new ArrayList<>();
    heldOut.forEach(e -> pixels.add(e.rgb()));
    List<TraitClassifier.Prediction> predictions = TraitClassifier.predict(net, side, pixels, batch);
    for (int i = 0; i < heldOut.size(); i++) {
      int[] truth = labels.classes(heldOut.get(i).traits());
      for (int t = 0; t < types; t++) {
        if (truth[t] >= 0) {
          scored[t]++;
          right[t] += predictions.get(i).classes()[t] == truth[t] ? 1 : 0;
        }
      }
    }
    ObjectNode out = Json.object();
    for (int t = 0; t < types; t++) {
      ObjectNode o = out.putObject(labels.types().get(t));
      o.put("accuracy", scored[t] == 0 ? 0 : round(right[t] / (double) scored[t]));
      o.put("majorityBaseline", round(labels.majorityShare(t)));
      o.put("classes", labels.classCount(t));
      o.put("heldOut", scored[t]);
    }
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }
}
