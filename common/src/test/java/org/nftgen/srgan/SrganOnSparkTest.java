package org.nftgen.srgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nftgen.averaging.AveragingLoop;
import org.nftgen.averaging.Shards;
import org.nftgen.config.ConfigLayers;
import scala.Tuple2;

/**
 * Both SRGAN phases on Spark local[2] with a tiny model: phase 1 through DL4J's
 * SparkComputationGraph lowers the pixel loss; phase 2 runs through the shared AveragingLoop.
 */
class SrganOnSparkTest {
  static SparkSession spark;
  static JavaSparkContext sc;
  // Without the bicubic skip the untrained generator starts far from the targets, so that a few
  // tiny epochs show a clear fall (with it, training starts at bicubic quality).
  static final SrganSettings TINY = SrganSettings.from(new ConfigLayers()
      .overrideAssignment("nftgen.srgan.bicubic-skip=false").load())
      .withShape(2, 1, 8, 4, 8, 32, 16, 4).withPretraining(6, 32, 2);
  static final List<byte[]> IMAGES = new ArrayList<>();

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("srgan-on-spark").config("spark.ui.enabled", "false")
        .getOrCreate();
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // Smooth colour gradients with a few hard edges: something an upscaler can learn quickly.
    for (int i = 0; i < 6; i++) {
      byte[] image = new byte[32 * 32 * 3];
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          int p = (y * 32 + x) * 3;
          image[p] = (byte) (x * 8 + i * 10);
          image[p + 1] = (byte) (y * 8);
          image[p + 2] = (byte) (((x / 8 + y / 8 + i) % 2) * 200);
        }
      }
      IMAGES.add(image);
    }
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static JavaRDD<byte[]> shards(int workers) {
    List<Tuple2<Long, byte[]>> pairs = new ArrayList<>();
    for (int i = 0; i < IMAGES.size(); i++) {
      pairs.add(new Tuple2<>((long) i, IMAGES.get(i)));
    }
    return Shards.of(sc.parallelizePairs(pairs, 2), workers);
  }

  /** The generator's pixel MSE on a fixed batch of pairs, in inference mode (its output plus the bicubic base). */
  private static double mse(ComputationGraph g, Patches.Batch batch) {
    INDArray sr = g.outputSingle(false, batch.lr()).add(batch.base());
    return ContentLoss.pixels(0).of(sr, batch.hr()).meanLoss();
  }

  @Test
  void phaseOneFitsTheGeneratorWithDl4jsSparkTrainer() {
    Patches.Batch fixed = Patches.draw(IMAGES, TINY, new SplittableRandom(99), 8);
    ComputationGraph initial = ContentPretraining.newGenerator(TINY);
    double before = mse(initial, fixed);
    INDArray startParams = initial.params().dup();
    List<ContentPretraining.Epoch> epochs = new ArrayList<>();
    ComputationGraph trained = ContentPretraining.run(sc, shards(2), 2, TINY, initial, epochs::add);
    assertEquals(6, epochs.size());
    assertTrue(epochs.stream().allMatch(e -> Double.isFinite(e.score()) && e.pairs() == 32), epochs.toString());
    assertNotEquals(startParams, trained.params());
    double after = mse(trained, fixed);
    assertTrue(after < before * 0.7, "pixel MSE " + before + " before phase 1, " + after + " after");
  }

  @Test
  void phaseTwoRunsThroughTheSharedAveragingLoop() {
    SrganStep step = SrganStep.create(TINY);
    SrganState start = step.snapshot();
    AveragingLoop.Round<SrganState> round = new AveragingLoop<>(sc, new SrganTrainer(TINY), 2).run(shards(2), start, 1);
    assertEquals(2, round.workers());
    assertEquals(2 * 2 * TINY.batch(), round.images());
    assertEquals(2, round.state().generatorIterations());
    assertEquals(2, round.state().discriminatorIterations());
    assertNotEquals(start, round.state());
    for (String metric : List.of("loss/content", "loss/g_adversarial", "loss/d_real", "loss/d_fake", "D(x)", "D(G(lr))")) {
      assertTrue(Double.isFinite(round.metrics().get(metric)), metric + " in " + round.metrics());
    }
    // Reproducible: the same round from the same state gives the same state.
    SrganState again = new AveragingLoop<>(sc, new SrganTrainer(TINY), 2).run(shards(2), start, 1).state();
    assertEquals(round.state(), again);
  }
}
