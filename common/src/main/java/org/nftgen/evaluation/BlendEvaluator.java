package org.nftgen.evaluation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nftgen.averaging.TrainSettings;
import org.nftgen.blend.BlendSettings;
import org.nftgen.blend.BlendTrainer;
import org.nftgen.dcgan.DcganSettings;
import org.nftgen.gan.GanState;
import org.nftgen.gan.GanStep;
import org.nftgen.image.ImageGrid;
import org.nftgen.image.Pixels;
import org.nftgen.image.PngCodec;
import org.nftgen.image.RgbImage;
import org.nftgen.io.HadoopFiles;
import org.nftgen.io.Json;
import org.nftgen.io.ProgressLog;
import org.nftgen.metrics.eval.C2st;
import org.nftgen.metrics.eval.EvaluateSettings;
import org.nftgen.metrics.eval.FeatureExtractor;
import org.nftgen.metrics.eval.Kid;
import org.nftgen.metrics.eval.Yardstick;
import org.nftgen.metrics.eval.YardstickSettings;
import org.nftgen.metrics.eval.YardstickStore;
import org.nftgen.run.CheckpointStore;
import org.nftgen.run.StateCodec;
import org.nftgen.run.VerifiedCheckpoint;

/**
 * {@code evaluate} on a {@code train-blend} run of either method: where the blend sits between its
 * two collections, each judged on its own yardstick. KID of the samples to A's held-out images on
 * features learned from A ({@code kidToA}) beside A's to B's on them ({@code kidAB}), and the same on
 * B's features ({@code kidToB}, {@code kidABOnBFeatures}): the blend sits between them
 * ({@code between}) when it is nearer to each collection than the other collection is; a generator
 * that collapsed onto one collection is as far from the other as that collection is, and fails one
 * side. A classifier two-sample test against each collection and one of A against B
 * ({@code harderThanAB}: both of the blend's lower). Also each discriminator's mean score of the
 * samples, the share that both score "real", per-sample scores and realness in
 * {@code blend-scores.csv}, and {@code blend.png}: rows of real A | real B | blend.
 */
final class BlendEvaluator {
  private BlendEvaluator() {}

  static ObjectNode evaluate(EvaluationContext c) {
    Configuration conf = c.conf();
    VerifiedCheckpoint checkpoint = c.run().checkpoint();
    EvaluateSettings eval = c.request().evaluate();
    TrainSettings train = TrainSettings.from(c.run().config());
    DcganSettings model = DcganSettings.from(c.run().config());
    BlendSettings blend = BlendSettings.from(c.run().config());
    GanState state = StateCodec.decode(checkpoint.file(CheckpointStore.STATE), GanState.class);
    ObjectNode result = Json.object();
    result.put("checkpoint", checkpoint.folder());
    result.put("round", checkpoint.round());
    List<Path> datasets = List.of(c.qualify(train.input()), c.qualify(blend.secondInput()));
    List<List<RgbImage>> heldOut = new ArrayList<>();
    List<FeatureExtractor> features = new ArrayList<>();
    for (Path dataset : datasets) {
      HeldOut split = HeldOut.of(dataset, train, conf);
      heldOut.add(split.heldOut(c.session(), model.resolution(), eval.samples()));
      features.add(Yardstick.features(dataset, YardstickStore.datasetIdentity(dataset, conf),
          split.training(c.session(), model.resolution()), eval, c.request().yardstick(), conf));
    }
    int n = Math.min(heldOut.get(0).size(), heldOut.get(1).size());
    List<RgbImage> a = heldOut.get(0).subList(0, n);
    List<RgbImage> b = heldOut.get(1).subList(0, n);
    YardstickSettings.Network c2st = c.request().yardstick().c2st();
    try (GanStep gan = BlendTrainer.create(model, blend)) {
      gan.restore(state);
      List<RgbImage> generated = Samples.generate(gan, n, eval, null, null);
      // Each collection judges the blend on its own yardstick: KID on features learned from it, and
      // a classifier two-sample test against its held-out images, beside the same between A and B.
      Kid.Result toA = kid(features.get(0), a, generated, eval);
      Kid.Result abOnA = kid(features.get(0), a, b, eval);
      Kid.Result toB = kid(features.get(1), b, generated, eval);
      Kid.Result abOnB = kid(features.get(1), b, a, eval);
      result.put("samples", n);
      result.put("kidToA", toA.mean()).put("kidToB", toB.mean()).put("kidAB", abOnA.mean())
          .put("kidABOnBFeatures", abOnB.mean());
      result.put("kidToAStd", toA.std()).put("kidToBStd", toB.std()).put("kidABStd", abOnA.std())
          .put("kidABOnBFeaturesStd", abOnB.std());
      result.put("between", toA.mean() < abOnA.mean() && toB.mean() < abOnB.mean());
      C2st.Result c2stToA = C2st.compute(a, generated, c2st, eval.featureSide());
      C2st.Result c2stToB = C2st.compute(b, generated, c2st, eval.featureSide());
      double c2stAB = C2st.compute(a, b, c2st, eval.featureSide()).accuracy();
      result.put("c2stToA", c2stToA.accuracy()).put("c2stToB", c2stToB.accuracy()).put("c2stAB", c2stAB);
      // Harder to tell from each collection than the collections are from each other.
      result.put("harderThanAB", c2stToA.accuracy() < c2stAB && c2stToB.accuracy() < c2stAB);
      result.put("method", blend.method().key());
      if (blend.method() == BlendSettings.Method.TWO_DISCRIMINATORS) {
        result.put("generatorLoss", blend.generatorLoss().toString());
      }
      ObjectNode described = result.putObject("features");
      described.put("a", features.get(0).describe()).put("b", features.get(1).describe());

      double[][] scores = scores(gan, generated, model);
      double meanA = 0;
      double meanB = 0;
      int both = 0;
      StringBuilder csv = new StringBuilder("sample,d1,d2,realnessA,realnessB\n");
      for (int i = 0; i < scores[0].length; i++) {
        meanA += scores[0][i];
        meanB += scores[1][i];
        both += scores[0][i] > 0.5 && scores[1][i] > 0.5 ? 1 : 0;
        csv.append(i).append(',').append(scores[0][i]).append(',').append(scores[1][i]).append(',')
            .append(c2stToA.realness()[i]).append(',').append(c2stToB.realness()[i]).append('\n');
      }
      result.put("d1MeanScore", meanA / scores[0].length).put("d2MeanScore", meanB / scores[0].length)
          .put("fooledBothShare", (double) both / scores[0].length);
      HadoopFiles.writeAtomically(new Path(c.output(), "blend-scores.csv"),
          csv.toString().getBytes(StandardCharsets.UTF_8), conf);
      writeGrid(c.output(), a, b, generated, c.request().sheets(), conf);
    } catch (Exception e) {
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
    ProgressLog.format("evaluate: blend of %d samples: KID to A %.5f (A to B %.5f), to B %.5f (B to A %.5f): %s; "
        + "C2ST against A %.3f, against B %.3f, A against B %.3f; fooling both discriminators %.3f", n,
        result.get("kidToA").asDouble(), result.get("kidAB").asDouble(), result.get("kidToB").asDouble(),
        result.get("kidABOnBFeatures").asDouble(),
        result.get("between").asBoolean() ? "between the collections" : "NOT between the collections",
        result.get("c2stToA").asDouble(), result.get("c2stToB").asDouble(), result.get("c2stAB").asDouble(),
        result.get("fooledBothShare").asDouble());
    return EvaluationOutputs.write(c.output(), result, conf);
  }

  private static Kid.Result kid(FeatureExtractor features, List<RgbImage> reference, List<RgbImage> other,
      EvaluateSettings eval) {
    return Kid.compute(features.features(reference), features.features(other), eval.kidSubsets(),
        eval.kidSubsetSize(), eval.featureSeed());
  }

  /**
   * Each discriminator's probability of "real" for every sample (inference mode). With a pack size
   * p above 1 a D scores p consecutive samples together; each of them gets the pack's score.
   */
  private static double[][] scores(GanStep gan, List<RgbImage> images, DcganSettings model) {
    int pack = model.stabilisers().pack();
    int n = images.size() - images.size() % pack;
    List<byte[]> pixels = new ArrayList<>();
    for (RgbImage image : images.subList(0, n)) {
      pixels.add(image.rgb());
    }
    INDArray batch = Pixels.toTensor(pixels, model.resolution());
    INDArray packed = batch.reshape('c', n / pack, 3L * pack, model.resolution(), model.resolution());
    double[][] scores = new double[gan.discriminators().size()][n];
    for (int k = 0; k < scores.length; k++) {
      MultiLayerNetwork d = gan.discriminators().get(k);
      double[] perPack = Transforms.sigmoid(d.output(packed, false)).reshape(-1).toDoubleVector();
      for (int i = 0; i < n; i++) {
        scores[k][i] = perPack[i / pack];
      }
    }
    return scores;
  }

  /** Rows of real A, real B and blend images, {@code blend-group} of each, at most {@code blend-rows} rows. */
  private static void writeGrid(Path out, List<RgbImage> a, List<RgbImage> b, List<RgbImage> blend,
      EvaluationRequest.Sheets sheets, Configuration conf) {
    List<RgbImage> cells = new ArrayList<>();
    int group = sheets.blendGroup();
    int rows = Math.min(sheets.blendRows(), Math.min(a.size(), blend.size()) / group);
    for (int r = 0; r < rows; r++) {
      cells.addAll(a.subList(group * r, group * r + group));
      cells.addAll(b.subList(group * r, group * r + group));
      cells.addAll(blend.subList(group * r, group * r + group));
    }
    HadoopFiles.writeAtomically(new Path(out, "blend.png"),
        PngCodec.encode(ImageGrid.of(cells, 3 * group, sheets.cell())), conf);
  }
}
