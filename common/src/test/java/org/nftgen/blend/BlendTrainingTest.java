package org.nftgen.blend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nftgen.averaging.LocalTrainer;
import org.nftgen.data.CollectionTag;
import org.nftgen.dcgan.DcganModels;
import org.nftgen.dcgan.DcganSettings;
import org.nftgen.gan.GanFixtures;
import org.nftgen.gan.GanState;
import org.nftgen.gan.GanStep;
import org.nftgen.gan.GeneratorLoss;
import org.nftgen.gan.StepStats;

/** The blend GAN: one generator, one discriminator per collection, the generator's loss their max. */
class BlendTrainingTest {
  private static final DcganSettings TINY = GanFixtures.TINY;
  private static final BlendSettings MAX = new BlendSettings("unused", GeneratorLoss.MAX_OF_ALL);

  /** A tagged shard: {@code count} solid images of one colour per collection. */
  private static List<byte[]> shard(int[] colours, int count) {
    List<byte[]> shard = new ArrayList<>();
    for (int k = 0; k < colours.length; k++) {
      for (int i = 0; i < count; i++) {
        byte[] pixels = new byte[TINY.resolution() * TINY.resolution() * 3];
        for (int p = 0; p < pixels.length; p += 3) {
          pixels[p] = (byte) (colours[k] >> 16);
          pixels[p + 1] = (byte) (colours[k] >> 8);
          pixels[p + 2] = (byte) (colours[k] + i); // no two images alike
        }
        shard.add(CollectionTag.tag(k, pixels));
      }
    }
    return shard;
  }

  private static GanState oneRound(List<byte[]> shard) {
    GanState start;
    try (GanStep fresh = BlendTrainer.create(TINY, MAX)) {
      start = fresh.snapshot();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    LocalTrainer.Report<GanState> report = new BlendTrainer(TINY, MAX).train(start, shard, 0, 1, 1);
    return report.state();
  }

  private static float[] half(float[] both, int which) {
    int n = both.length / 2;
    return Arrays.copyOfRange(both, which * n, which * n + n);
  }

  @Test
  void eachDiscriminatorOnlySeesItsOwnCollection() {
    GanState base = oneRound(shard(new int[] {0xC02020, 0x2020C0}, 6));
    GanState otherB = oneRound(shard(new int[] {0xC02020, 0x20C020}, 6));
    GanState otherA = oneRound(shard(new int[] {0xE0E020, 0x2020C0}, 6));
    // One iteration: D1 stepped on A's images and the fakes, D2 on B's and the same fakes.
    assertArrayEquals(half(base.discriminatorParams(), 0), half(otherB.discriminatorParams(), 0),
        "D1 changed when only collection B did");
    assertFalse(Arrays.equals(half(base.discriminatorParams(), 1), half(otherB.discriminatorParams(), 1)));
    assertArrayEquals(half(base.discriminatorParams(), 1), half(otherA.discriminatorParams(), 1),
        "D2 changed when only collection A did");
    assertFalse(Arrays.equals(half(base.discriminatorParams(), 0), half(otherA.discriminatorParams(), 0)));
  }

  @Test
  void collectionsAreSplitByTagAndBothMustBePresent() {
    List<List<byte[]>> split = BlendTrainer.split(shard(new int[] {0x102030, 0x405060}, 3), 0);
    assertEquals(3, split.get(0).size());
    assertEquals(3, split.get(1).size());
    assertEquals(0x10, split.get(0).get(0)[0]);
    assertEquals(0x40, split.get(1).get(2)[0]);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> BlendTrainer.split(shard(new int[] {0x102030}, 3), 4));
    assertTrue(e.getMessage().contains("Worker 4") && e.getMessage().contains("collection 2"), e.getMessage());
  }

  @Test
  void withMaxTheGeneratorLearnsOnlyFromTheDiscriminatorItFoolsLeast() throws Exception {
    try (GanStep blend = DcganModels.newGan(TINY, 2, GeneratorLoss.MAX_OF_ALL);
         GanStep onlyD2 = DcganModels.newGan(TINY.withSeed(TINY.seed()), 1, GeneratorLoss.MAX_OF_ALL)) {
      // D2: its logit is pushed far towards FAKE, so its loss is the larger on every fake.
      MultiLayerNetwork d2 = blend.discriminators().get(1);
      INDArray bias = d2.getLayer(d2.getnLayers() - 1).getParam("b");
      bias.addi(-20);
      // The single-D GAN: the same generator and latents, and a copy of that D2.
      onlyD2.generator().params().assign(blend.generator().params());
      onlyD2.discriminator().params().assign(d2.params());
      GanState before = blend.snapshot();

      StepStats.Generator both = blend.trainGenerator(8);
      StepStats.Generator single = onlyD2.trainGenerator(8);
      assertArrayEquals(new double[] {0, 1}, both.weightPerD(), 1e-12);
      assertEquals(single.loss(), both.loss(), 1e-6);
      assertArrayEquals(onlyD2.generator().params().toFloatVector(), blend.generator().params().toFloatVector(), 1e-7f,
          "G must have moved exactly as against D2 alone");
      assertNotEquals(Arrays.toString(before.generatorParams()), Arrays.toString(blend.snapshot().generatorParams()));
      assertArrayEquals(before.discriminatorParams(), blend.snapshot().discriminatorParams(),
          "the generator step must leave both discriminators alone");
    }
  }

  @Test
  void withMeanBothDiscriminatorsShapeTheGenerator() throws Exception {
    GeneratorLoss mean = new GeneratorLoss(GeneratorLoss.Kind.MEAN, new double[0], 1);
    try (GanStep blend = DcganModels.newGan(TINY, 2, mean);
         GanStep onlyD2 = DcganModels.newGan(TINY, 1, GeneratorLoss.MAX_OF_ALL)) {
      MultiLayerNetwork d2 = blend.discriminators().get(1);
      d2.getLayer(d2.getnLayers() - 1).getParam("b").addi(-20);
      onlyD2.generator().params().assign(blend.generator().params());
      onlyD2.discriminator().params().assign(d2.params());
      StepStats.Generator both = blend.trainGenerator(8);
      onlyD2.trainGenerator(8);
      assertArrayEquals(new double[] {0.5, 0.5}, both.weightPerD(), 1e-12);
      assertFalse(Arrays.equals(onlyD2.generator().params().toFloatVector(), blend.generator().params().toFloatVector()));
    }
  }

  @Test
  void atTheStartOfTheWarmUpTheGeneratorLearnsOnlyFromTheDiscriminatorItFoolsMost() throws Exception {
    try (GanStep blend = DcganModels.newGan(TINY, 2, GeneratorLoss.MAX_OF_ALL);
         GanStep onlyD1 = DcganModels.newGan(TINY, 1, GeneratorLoss.MAX_OF_ALL)) {
      // D2 is pushed far towards FAKE: D1's loss is the smaller on every fake, so the OR follows D1.
      MultiLayerNetwork d2 = blend.discriminators().get(1);
      d2.getLayer(d2.getnLayers() - 1).getParam("b").addi(-20);
      onlyD1.generator().params().assign(blend.generator().params());
      onlyD1.discriminator().params().assign(blend.discriminators().get(0).params());
      GanState before = blend.snapshot();
      blend.setConjunction(0);
      StepStats.Generator both = blend.trainGenerator(8);
      StepStats.Generator single = onlyD1.trainGenerator(8);
      assertArrayEquals(new double[] {1, 0}, both.weightPerD(), 1e-12);
      assertEquals(single.loss(), both.loss(), 1e-6);
      assertArrayEquals(onlyD1.generator().params().toFloatVector(), blend.generator().params().toFloatVector(), 1e-7f,
          "G must have moved exactly as against D1 alone");
      assertArrayEquals(before.discriminatorParams(), blend.snapshot().discriminatorParams());
      assertThrows(IllegalArgumentException.class, () -> blend.setConjunction(-0.1));
    }
  }

  @Test
  void theWarmUpRisesLinearlyOverItsRoundsAndTheTrainerReportsIt() {
    BlendSettings warm = new BlendSettings("unused", GeneratorLoss.MAX_OF_ALL, 4);
    assertEquals(0.0, warm.conjunction(1));
    assertEquals(0.5, warm.conjunction(3));
    assertEquals(1.0, warm.conjunction(5));
    assertEquals(1.0, warm.conjunction(500));
    assertEquals(1.0, MAX.conjunction(1), "no warm-up: the configured loss from round 1");
    GanState start;
    try (GanStep fresh = BlendTrainer.create(TINY, warm)) {
      start = fresh.snapshot();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    LocalTrainer.Report<GanState> report =
        new BlendTrainer(TINY, warm).train(start, shard(new int[] {0xC02020, 0x2020C0}, 6), 0, 3, 1);
    assertEquals(0.5, report.metrics().get("g_conjunction"));
  }
}
