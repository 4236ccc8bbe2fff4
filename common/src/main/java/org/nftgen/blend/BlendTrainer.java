package org.nftgen.blend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nftgen.averaging.LocalTrainer;
import org.nftgen.averaging.WorkerRound;
import org.nftgen.data.CollectionTag;
import org.nftgen.dcgan.DcganModels;
import org.nftgen.dcgan.DcganSettings;
import org.nftgen.dcgan.DcganTrainer;
import org.nftgen.gan.GanState;
import org.nftgen.gan.GanStep;
import org.nftgen.gan.StepStats;
import org.nftgen.image.Pixels;

/**
 * A blend-GAN worker's round: one generator, one discriminator per collection. The shard holds
 * both collections' images tagged with {@link CollectionTag}; every iteration draws a batch of the
 * configured size from each collection (so collections of different sizes give each D balanced
 * batches), steps D_k on collection k's batch only, then steps G against both. Every random choice
 * derives from (seed, round, worker), as in {@link DcganTrainer}.
 */
public final class BlendTrainer implements LocalTrainer<GanState> {
  private static final long serialVersionUID = 1L;
  public static final int COLLECTIONS = 2;
  private static final ThreadLocal<Map<BlendTrainer, GanStep>> NETWORKS = ThreadLocal.withInitial(HashMap::new);

  private final DcganSettings settings;
  private final BlendSettings blend;

  public BlendTrainer(DcganSettings settings, BlendSettings blend) {
    this.settings = settings;
    this.blend = blend;
  }

  /** A fresh blend GAN of these settings: the driver's initial state and sampler. */
  public static GanStep create(DcganSettings settings, BlendSettings blend) {
    return DcganModels.newGan(settings, COLLECTIONS, blend.generatorLoss());
  }

  @Override
  public Report<GanState> train(GanState start, List<byte[]> shard, int worker, long round, int iterations) {
    long begin = System.nanoTime();
    GanStep gan = NETWORKS.get().computeIfAbsent(this, t -> create(settings, blend));
    long stream = DcganTrainer.streamSeed(settings.seed(), round, worker);
    long[] rng = org.nftgen.gan.Seeds.rngStates(stream);
    gan.restore(start.withRng(rng[0], rng[1]));
    double conjunction = blend.conjunction(round);
    gan.setConjunction(conjunction);
    List<List<byte[]>> byCollection = split(shard, worker);
    SplittableRandom batches = new SplittableRandom(stream);
    return WorkerRound.run(begin, iterations, (long) settings.batch() * COLLECTIONS, metrics -> {
      metrics.set("g_conjunction", conjunction);
      List<org.nd4j.linalg.api.ndarray.INDArray> reals = new ArrayList<>();
      for (List<byte[]> images : byCollection) {
        List<byte[]> batch = new ArrayList<>(settings.batch());
        for (int i = 0; i < settings.batch(); i++) {
          batch.add(images.get(batches.nextInt(images.size())));
        }
        reals.add(Pixels.toTensor(batch, settings.resolution()));
      }
      StepStats.Generator[] g = new StepStats.Generator[1];
      List<StepStats.Discriminator> d = gan.stepAll(reals, g);
      for (int k = 0; k < COLLECTIONS; k++) {
        String name = "d" + (k + 1);
        metrics.add("loss/" + name + "_real", d.get(k).lossReal());
        metrics.add("loss/" + name + "_fake", d.get(k).lossFake());
      }
      metrics.add("loss/g", g[0].loss());
      for (int k = 0; k < COLLECTIONS; k++) {
        metrics.add("D" + (k + 1) + "(x)", d.get(k).meanReal());
        metrics.add("D" + (k + 1) + "(G(z))", g[0].meanFakePerD()[k]);
        // For max: the share of fakes whose loss was D_k's (the D the generator had to fool).
        metrics.add("g_weight/d" + (k + 1), g[0].weightPerD()[k]);
      }
    }, gan::snapshot);
  }

  /** The shard's images per collection, untagged; every collection must be present. */
  static List<List<byte[]>> split(List<byte[]> shard, int worker) {
    List<List<byte[]>> byCollection = new ArrayList<>();
    for (int k = 0; k < COLLECTIONS; k++) {
      byCollection.add(new ArrayList<>());
    }
    for (byte[] tagged : shard) {
      byCollection.get(CollectionTag.collection(tagged)).add(CollectionTag.pixels(tagged));
    }
    for (int k = 0; k < COLLECTIONS; k++) {
      if (byCollection.get(k).isEmpty()) {
        throw new IllegalStateException("Worker " + worker + " has no images of collection " + (k + 1)
            + ": use fewer workers than either collection has training images");
      }
    }
    return byCollection;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlendTrainer t && t.settings.equals(settings) && t.blend.equals(blend);
  }

  @Override
  public int hashCode() {
    return settings.hashCode() * 31 + blend.hashCode();
  }
}
