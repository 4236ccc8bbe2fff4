package org.nftgen.dcgan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nftgen.averaging.LocalTrainer;
import org.nftgen.averaging.WorkerRound;
import org.nftgen.gan.GanState;
import org.nftgen.gan.GanStep;
import org.nftgen.gan.Seeds;
import org.nftgen.gan.StepStats;
import org.nftgen.gan.TraitCondition;
import org.nftgen.image.Pixels;

/**
 * A DCGAN worker's round: restore the broadcast state, run the local iterations on batches drawn
 * from its shard, report the new state. Every random choice (batches, latents) derives from
 * (seed, round, worker), so a round is reproducible: one worker equals single-machine training
 * and a resumed run repeats the uninterrupted one.
 */
public final class DcganTrainer implements LocalTrainer<GanState> {
  private static final long serialVersionUID = 1L;
  // Networks are expensive to build and not thread-safe: one per settings per executor thread,
  // reused across rounds (Spark reuses its task threads).
  private static final ThreadLocal<Map<DcganSettings, GanStep>> NETWORKS = ThreadLocal.withInitial(HashMap::new);

  private final DcganSettings settings;

  public DcganTrainer(DcganSettings settings) {
    this.settings = settings;
  }

  @Override
  public Report<GanState> train(GanState start, List<byte[]> shard, int worker, long round, int iterations) {
    long begin = System.nanoTime();
    GanStep gan = NETWORKS.get().computeIfAbsent(settings, DcganModels::newGan);
    long stream = streamSeed(settings.seed(), round, worker);
    long[] rng = Seeds.rngStates(stream);
    gan.restore(start.withRng(rng[0], rng[1]));
    SplittableRandom batches = new SplittableRandom(stream);
    int pixelBytes = settings.resolution() * settings.resolution() * 3;
    return WorkerRound.run(begin, iterations, settings.batch(), metrics -> {
      List<byte[]> batch = new ArrayList<>(settings.batch());
      int[][] classes = new int[settings.batch()][];
      for (int i = 0; i < settings.batch(); i++) {
        byte[] record = shard.get(batches.nextInt(shard.size()));
        if (settings.conditional()) {
          // A conditional model's records carry the image's trait classes behind its pixels.
          classes[i] = TraitCondition.classes(record, pixelBytes, settings.conditions().types().size());
          record = java.util.Arrays.copyOf(record, pixelBytes);
        }
        batch.add(record);
      }
      INDArray condition = settings.conditional() ? TraitCondition.oneHot(settings.conditions(), classes) : null;
      StepStats s = gan.step(Pixels.toTensor(batch, settings.resolution()), condition);
      metrics.add("loss/d_real", s.dLossReal());
      metrics.add("loss/d_fake", s.dLossFake());
      metrics.add("loss/g", s.gLoss());
      metrics.add("D(x)", s.meanDReal());
      metrics.add("D(G(z))", s.meanDFake());
      metrics.add("diversity", s.diversity());
      if (settings.conditional() && settings.stabilisers().traitClassification() > 0) {
        metrics.add("loss/traits_real", s.traitLossReal());
        metrics.add("loss/traits_fake", s.traitLossFake());
      }
    }, gan::snapshot);
  }

  /** A seed of its own for each (round, worker): SplitMix64 finalisation of the three. */
  public static long streamSeed(long seed, long round, int worker) {
    long z = seed ^ (round * 0x9E3779B97F4A7C15L) ^ ((long) worker * 0xC2B2AE3D27D4EB4FL);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
