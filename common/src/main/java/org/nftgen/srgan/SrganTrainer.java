package org.nftgen.srgan;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nftgen.averaging.LocalTrainer;
import org.nftgen.averaging.WorkerRound;
import org.nftgen.dcgan.DcganTrainer;

/**
 * An SRGAN worker's round of phase 2 in the shared averaging loop: restore the broadcast state,
 * run the local iterations on patch pairs drawn from its shard (HR images), report the new state.
 * Patches derive from (seed, round, worker), so rounds are reproducible as for the DCGAN.
 */
public final class SrganTrainer implements LocalTrainer<SrganState> {
  private static final long serialVersionUID = 1L;
  private static final ThreadLocal<Map<SrganSettings, SrganStep>> NETWORKS = ThreadLocal.withInitial(HashMap::new);

  private final SrganSettings settings;

  public SrganTrainer(SrganSettings settings) {
    this.settings = settings;
  }

  @Override
  public Report<SrganState> train(SrganState start, List<byte[]> shard, int worker, long round, int iterations) {
    long begin = System.nanoTime();
    SrganStep step = NETWORKS.get().computeIfAbsent(settings, SrganStep::create);
    step.restore(start);
    SplittableRandom patches = new SplittableRandom(DcganTrainer.streamSeed(settings.seed(), round, worker));
    return WorkerRound.run(begin, iterations, settings.batch(), metrics -> {
      SrganStep.Stats s = step.step(Patches.draw(shard, settings, patches, settings.batch()));
      metrics.add("loss/content", s.contentLoss());
      metrics.add("loss/g_adversarial", s.adversarialLoss());
      metrics.add("loss/d_real", s.dLossReal());
      metrics.add("loss/d_fake", s.dLossFake());
      metrics.add("D(x)", s.meanDReal());
      metrics.add("D(G(lr))", s.meanDFake());
    }, step::snapshot);
  }
}
