package org.nftgen.traits;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nftgen.data.RgbImage;
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

  private static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }
}
