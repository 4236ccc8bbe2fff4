package org.nftgen.generate;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nftgen.image.RgbImage;
import org.nftgen.traits.TraitClassifier;
import org.nftgen.traits.TraitRequest;

/**
 * Asks an unconditional generator for traits: accepts the candidate images in which the trait
 * classifier sees every requested trait. The classifier must read the generator's side.
 */
public final class TraitGuide implements LatentGuide {
  private final ComputationGraph net;
  private final TraitRequest request;
  private final int side;
  private final int maxTries;

  /** @param net the classifier's network (the caller's own: one per task, shared with its other uses) */
  public TraitGuide(ComputationGraph net, int side, TraitRequest request, int maxTries) {
    this.net = net;
    this.request = request;
    this.side = side;
    this.maxTries = maxTries;
  }

  @Override
  public boolean[] accept(List<RgbImage> candidates) {
    List<byte[]> pixels = new ArrayList<>(candidates.size());
    candidates.forEach(c -> pixels.add(c.rgb()));
    List<TraitClassifier.Prediction> predictions = TraitClassifier.predict(net, side, pixels, pixels.size());
    boolean[] ok = new boolean[candidates.size()];
    for (int i = 0; i < ok.length; i++) {
      ok[i] = request.matches(predictions.get(i));
    }
    return ok;
  }

  @Override
  public int maxTries() {
    return maxTries;
  }
}
