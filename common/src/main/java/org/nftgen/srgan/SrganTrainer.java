package org.nftgen.srgan;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nftgen.averaging.LocalTrainer;
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
    double[] sums = new double[6];
    for (int it = 0; it < iterations; it++) {
      SrganStep.Stats s = step.step(Patches.draw(shard, settings, patches, settings.batch()));
      sums[0] += s.contentLoss();
      sums[1] += s.adversarialLoss();
      sums[2] += s.dLossReal();
      sums[3] += s.dLossFake();
      sums[4] += s.meanDReal();
      sums[5] += s.meanDFake();
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    String[] names = {"loss/content", "loss/g_adversarial", "loss/d_real", "loss/d_fake", "D(x)", "D(G(lr))"};
    for (int i = 0; i < names.length; i++) {
      metrics.put(names[i], sums[i] / iterations);
    }
    return new Report<>(step.snapshot(), metrics, (long) iterations * settings.batch(),
        (System.nanoTime() - begin) / 1e9);
  }
}
