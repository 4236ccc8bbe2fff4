package org.nftgen.dcgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nftgen.averaging.AveragingLoop;
import org.nftgen.averaging.Shards;
import org.nftgen.averaging.StateSum;
import org.nftgen.gan.GanState;
import org.nftgen.gan.GanStep;
import org.nftgen.gan.GanFixtures;
import org.nftgen.gan.Stabilisers;
import scala.Tuple2;

/** The DCGAN trained through Spark equals the same loop run by hand, with one and two workers. */
class DcganOnSparkTest {
  static SparkSession spark;
  static JavaSparkContext sc;
  static final DcganSettings TINY = GanFixtures.settings("nftgen.dcgan.seed=7").withShape(8, 4, 4, 16).withBatch(4);
  static final List<byte[]> IMAGES = new ArrayList<>();

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("dcgan-on-spark").config("spark.ui.enabled", "false")
        .getOrCreate();
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Random random = new Random(3);
    for (int i = 0; i < 10; i++) {
      byte[] image = new byte[16 * 16 * 3];
      random.nextBytes(image);
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
    return Shards.of(sc.parallelizePairs(pairs, 3), workers);
  }

  private static GanState initialState() throws Exception {
    try (GanStep gan = DcganModels.newGan(TINY)) {
      return gan.snapshot();
    }
  }

  @Test
  void oneWorkerIsBitIdenticalToSingleMachineTraining() throws Exception {
    DcganTrainer trainer = new DcganTrainer(TINY);
    GanState start = initialState();
    AveragingLoop<GanState> loop = new AveragingLoop<>(sc, trainer, 3);
    JavaRDD<byte[]> one = shards(1);
    GanState viaSpark = start;
    GanState byHand = start;
    for (long round = 1; round <= 2; round++) {
      viaSpark = loop.run(one, viaSpark, round).state();
      byHand = trainer.train(byHand, IMAGES, 0, round, 3).state();
    }
    assertNotEquals(start, viaSpark, "training must change the state");
    assertEquals(byHand, viaSpark);
  }

  @Test
  void twoWorkersAverageToTheMeanOfTheirStates() throws Exception {
    DcganTrainer trainer = new DcganTrainer(TINY);
    GanState start = initialState();
    AveragingLoop.Round<GanState> round = new AveragingLoop<>(sc, trainer, 2).run(shards(2), start, 1);
    assertEquals(2, round.workers());

    // The same round by hand: worker w holds the images whose index is w mod 2, in index order.
    List<byte[]> even = new ArrayList<>();
    List<byte[]> odd = new ArrayList<>();
    for (int i = 0; i < IMAGES.size(); i++) {
      (i % 2 == 0 ? even : odd).add(IMAGES.get(i));
    }
    GanState w0 = trainer.train(start, even, 0, 1, 2).state();
    GanState w1 = trainer.train(start, odd, 1, 1, 2).state();
    assertNotEquals(w0, w1, "the workers saw different data");
    GanState mean = new StateSum<GanState>().add(w1, 1).add(w0, 0).mean();
    assertEquals(mean, round.state());
    assertEquals(w0.rngRootState(), round.state().rngRootState()); // counters and RNG from worker 0
    // And the mean is the element-wise mean of the two.
    float[] g0 = w0.generatorParams();
    float[] g1 = w1.generatorParams();
    for (int i = 0; i < g0.length; i += 97) {
      assertEquals((float) (((double) g0[i] + g1[i]) / 2), round.state().generatorParams()[i]);
    }
  }
}
