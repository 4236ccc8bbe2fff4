package org.nftgen.traits;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nftgen.data.TraitLabels;
import org.nftgen.image.RgbImage;
import org.nftgen.io.Json;

/**
 * How faithfully a set of images reproduces the collection's rarities, as a trait classifier sees
 * them: per trait type, the total variation distance between the shares of its predicted values
 * and the collection's. Scored beside the same classifier's view of as many held-out real images:
 * their distance is what sampling alone gives (the floor), and where the classifier errs it errs
 * on both.
 */
public final class TraitFidelity {
  private TraitFidelity() {}

  /** The predicted traits of each image (at the classifier's resolution), in batches of {@code batch}. */
  public static List<Map<String, String>> predict(TraitClassifier classifier, ComputationGraph net,
      List<RgbImage> images, int batch) {
    int side = classifier.settings().resolution();
    List<byte[]> pixels = new ArrayList<>();
    for (RgbImage image : images) {
      if (image.width() != side || image.height() != side) {
        throw new IllegalArgumentException("The trait classifier reads " + side + " px images, not "
            + image.width() + "x" + image.height());
      }
      pixels.add(image.rgb());
    }
    List<Map<String, String>> out = new ArrayList<>();
    TraitClassifier.predict(net, side, pixels, batch).forEach(p -> out.add(classifier.traits(p)));
    return out;
  }

  /** Per type: the generated images' TVD to the collection and the held-out real images'. */
  public static ObjectNode of(TraitClassifier classifier, List<RgbImage> generated, List<RgbImage> real, int batch) {
    ComputationGraph net = classifier.network();
    BatchTraits fakes = new BatchTraits(classifier.labels(), predict(classifier, net, generated, batch));
    BatchTraits reals = new BatchTraits(classifier.labels(), predict(classifier, net, real, batch));
    ObjectNode out = Json.object();
    out.set("classifier", classifier.describe());
    out.put("samples", generated.size());
    out.put("realSamples", real.size());
    double worst = 0;
    ObjectNode types = out.putObject("types");
    for (String type : classifier.labels().types()) {
      double tvd = fakes.tvd(type);
      worst = Math.max(worst, tvd);
      types.putObject(type).put("tvd", round(tvd)).put("realTvd", round(reals.tvd(type)));
    }
    out.put("maxTvd", round(worst));
    out.set("distribution", fakes.toJson());
    return out;
  }

  /**
   * A conditional generator's trait fidelity: per trait type that both the generator was conditioned
   * on and the classifier knows, the share of generated images in which the classifier sees the value
   * the image was made for. {@code trusted} says whether the classifier's held-out accuracy on the
   * type ({@code heldOutAccuracy}, from its run's evaluation) reaches {@code trustedAccuracy}; the
   * summary ({@code trustedTypes}, {@code minTrusted}) is over those types only.
   *
   * @param made per image, its class of each of {@code conditions}' types
   */
  public static ObjectNode conditional(TraitClassifier classifier, List<RgbImage> generated, TraitLabels conditions,
      int[][] made, Map<String, Double> heldOutAccuracy, double trustedAccuracy, int batch) {
    List<TraitClassifier.Prediction> predictions = new ArrayList<>();
    int side = classifier.settings().resolution();
    List<byte[]> pixels = new ArrayList<>();
    generated.forEach(image -> pixels.add(image.rgb()));
    predictions.addAll(TraitClassifier.predict(classifier.network(), side, pixels, batch));
    ObjectNode out = Json.object();
    out.put("samples", generated.size());
    out.put("trustedAccuracy", trustedAccuracy);
    ObjectNode types = out.putObject("types");
    double minTrusted = Double.NaN;
    int trusted = 0;
    for (int t = 0; t < conditions.types().size(); t++) {
      String type = conditions.types().get(t);
      int k = classifier.labels().types().indexOf(type);
      if (k < 0) {
        continue;
      }
      List<String> values = conditions.values().get(type);
      List<String> known = classifier.labels().values().get(type);
      int right = 0;
      for (int i = 0; i < made.length; i++) {
        int asked = known.indexOf(values.get(made[i][t]));
        right += asked >= 0 && predictions.get(i).classes()[k] == asked ? 1 : 0;
      }
      double accuracy = made.length == 0 ? 0 : right / (double) made.length;
      Double classifierAccuracy = heldOutAccuracy.get(type);
      boolean isTrusted = classifierAccuracy != null && classifierAccuracy >= trustedAccuracy;
      ObjectNode o = types.putObject(type);
      o.put("accuracy", round(accuracy));
      o.put("majorityBaseline", round(conditions.majorityShare(t)));
      if (classifierAccuracy != null) {
        o.put("classifierHeldOutAccuracy", classifierAccuracy);
      }
      o.put("trusted", isTrusted);
      if (isTrusted) {
        trusted++;
        minTrusted = Double.isNaN(minTrusted) ? accuracy : Math.min(minTrusted, accuracy);
      }
    }
    out.put("trustedTypes", trusted);
    if (!Double.isNaN(minTrusted)) {
      out.put("minTrusted", round(minTrusted));
    }
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }
}
