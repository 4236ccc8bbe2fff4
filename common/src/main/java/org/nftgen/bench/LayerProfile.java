package org.nftgen.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.dcgan.DcganModels;
import org.nftgen.dcgan.DcganSettings;
import org.nftgen.gan.Backprop;
import org.nftgen.io.Json;

/**
 * Where a DCGAN training iteration spends its time, layer by layer: each layer's training-mode
 * forward and backward pass of G and of D timed on its own (the input it gets in a real forward
 * pass, an output gradient of ones), and each network's Adam update. The iteration runs G forward
 * once, D forward and backward three times (real, fake, and the G step's fakes) and G backward
 * once, so {@link #iterationShares} weighs the parts by as many to say what share of an iteration
 * each takes (the seed's iteration: one G step, no R1, no packing). Medians of the timed
 * repetitions; the same ops and JVM settings as the jobs (the
 * passes below are the ones {@link Backprop} drives).
 */
final class LayerProfile {
  private LayerProfile() {}

  /** Per-layer times of G and D at {@code batch}, and the shares of an iteration. */
  static ObjectNode run(DcganSettings model, int batch, int warmup, int iterations) {
    DcganSettings m = model.withBatch(batch);
    MultiLayerNetwork g = new MultiLayerNetwork(DcganModels.generator(m));
    g.init();
    MultiLayerNetwork d = new MultiLayerNetwork(DcganModels.discriminator(m));
    d.init();
    INDArray z = Nd4j.randn(DataType.FLOAT, batch, m.nz(), 1, 1);
    INDArray fakes = Backprop.forward(g, z).dup();
    ObjectNode profile = Json.object().put("batch", batch);
    Network gen = profile(g, z, warmup, iterations);
    Network dis = profile(d, fakes, warmup, iterations);
    profile.set("generator", gen.json());
    profile.set("discriminator", dis.json());
    profile.set("iterationShares", iterationShares(gen, dis));
    return profile;
  }

  /** One log line: the estimated iteration and each part's share of it. */
  static String summary(ObjectNode profile) {
    ObjectNode shares = (ObjectNode) profile.get("iterationShares");
    StringBuilder line = new StringBuilder(String.format("estimated %.0f ms:", shares.get("estimatedIterationMs").asDouble()));
    shares.fields().forEachRemaining(e -> {
      if (e.getValue().isObject()) {
        line.append(String.format(" %s %.0f%%", e.getKey(), 100 * e.getValue().get("share").asDouble()));
      }
    });
    return line.toString();
  }

  /** A network's per-layer forward and backward times and its update time, in milliseconds. */
  private record Network(String[] layers, double[] forward, double[] backward, double update) {
    double forwardTotal() {
      return Arrays.stream(forward).sum();
    }

    double backwardTotal() {
      return Arrays.stream(backward).sum();
    }

    ObjectNode json() {
      ObjectNode n = Json.object();
      ArrayNode rows = n.putArray("layers");
      for (int i = 0; i < layers.length; i++) {
        rows.addObject().put("layer", layers[i]).put("forwardMs", forward[i]).put("backwardMs", backward[i]);
      }
      return n.put("forwardMs", forwardTotal()).put("backwardMs", backwardTotal()).put("updateMs", update);
    }
  }

  /**
   * An iteration as {@code GanStep} runs it: G forward (the D step's fakes, reused by the G step),
   * D forward and backward on real and on fake, D update, D forward and backward on the fakes for
   * G, G backward, G update. Each part's estimated milliseconds and share of their sum.
   */
  private static ObjectNode iterationShares(Network g, Network d) {
    double[] parts = {g.forwardTotal(), 3 * d.forwardTotal(), 3 * d.backwardTotal(), g.backwardTotal(),
        d.update(), g.update()};
    String[] names = {"generatorForward", "discriminatorForward x3", "discriminatorBackward x3",
        "generatorBackward", "discriminatorUpdate", "generatorUpdate"};
    double total = Arrays.stream(parts).sum();
    ObjectNode shares = Json.object().put("estimatedIterationMs", total);
    for (int i = 0; i < parts.length; i++) {
      shares.putObject(names[i]).put("ms", parts[i]).put("share", parts[i] / total);
    }
    return shares;
  }

  private static Network profile(MultiLayerNetwork net, INDArray input, int warmup, int iterations) {
    // One whole pass first: it builds the gradient views the layers write into.
    INDArray out = Backprop.forward(net, input);
    Gradient gradient = Backprop.backward(net, Nd4j.onesLike(out)).getFirst();
    LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
    int count = net.getnLayers();
    String[] names = new String[count];
    INDArray[] inputs = new INDArray[count];
    INDArray x = input;
    for (int i = 0; i < count; i++) {
      InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
      inputs[i] = pre == null ? x : pre.preProcess(x, (int) x.size(0), mgr);
      Layer layer = net.getLayer(i);
      names[i] = i + " " + layer.getClass().getSimpleName() + " " + Arrays.toString(inputs[i].shape());
      x = layer.activate(inputs[i], true, mgr);
    }
    double[][] forward = new double[count][iterations];
    double[][] backward = new double[count][iterations];
    for (int it = -warmup; it < iterations; it++) {
      for (int i = 0; i < count; i++) {
        Layer layer = net.getLayer(i);
        long t = System.nanoTime();
        INDArray output = layer.activate(inputs[i], true, mgr);
        long forwardNs = System.nanoTime() - t;
        INDArray ones = Nd4j.onesLike(output);
        t = System.nanoTime();
        Pair<Gradient, INDArray> back = layer.backpropGradient(ones, mgr);
        long backwardNs = System.nanoTime() - t;
        org.nftgen.gan.NativeMemory.reclaimIfGrown(); // untimed: as the GAN step does between iterations
        if (back == null) {
          throw new IllegalStateException("layer " + names[i] + " gave no gradient");
        }
        if (it >= 0) {
          forward[i][it] = forwardNs / 1e6;
          backward[i][it] = backwardNs / 1e6;
        }
      }
    }
    double[] update = new double[iterations];
    for (int it = -warmup; it < iterations; it++) {
      org.nftgen.gan.NativeMemory.reclaimIfGrown();
      long t = System.nanoTime();
      net.getUpdater().update(net, gradient, net.getIterationCount(), net.getEpochCount(), (int) input.size(0), mgr);
      if (it >= 0) {
        update[it] = (System.nanoTime() - t) / 1e6;
      }
    }
    double[] fwd = new double[count];
    double[] bwd = new double[count];
    for (int i = 0; i < count; i++) {
      fwd[i] = Bench.median(forward[i]);
      bwd[i] = Bench.median(backward[i]);
    }
    return new Network(names, fwd, bwd, Bench.median(update));
  }
}
