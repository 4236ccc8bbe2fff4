package org.nftgen.averaging;

import java.util.List;
import java.util.Map;

/** A model whose update is known exactly, for testing the averaging machinery without a network. */
final class TestStates {
  private TestStates() {}

  /** A state of two arrays plus a counter that must not be averaged. */
  record Vec(float[] a, float[] b, long steps) implements Averageable<Vec> {
    @Override
    public float[][] arrays() {
      return new float[][] {a, b};
    }

    @Override
    public Vec withArrays(float[][] arrays) {
      return new Vec(arrays[0], arrays[1], steps);
    }
  }

  /** Each iteration adds the shard's first byte (and the worker number) to every value. */
  static class AddShard implements LocalTrainer<Vec> {
    @Override
    public Report<Vec> train(Vec start, List<byte[]> shard, int worker, long round, int iterations) {
      float[] a = start.a().clone();
      float[] b = start.b().clone();
      for (int it = 0; it < iterations; it++) {
        for (int i = 0; i < a.length; i++) {
          a[i] += shard.get(0)[0];
        }
        for (int i = 0; i < b.length; i++) {
          b[i] += worker;
        }
      }
      return new Report<>(new Vec(a, b, start.steps() + iterations), Map.of("shardSize", (double) shard.size()),
          (long) shard.size() * iterations, 0.01);
    }
  }

  /** Like AddShard, but its loss turns NaN in one round, as a diverging GAN's would. */
  static final class DivergesAt extends AddShard {
    private final long badRound;

    DivergesAt(long badRound) {
      this.badRound = badRound;
    }

    @Override
    public Report<Vec> train(Vec start, List<byte[]> shard, int worker, long round, int iterations) {
      Report<Vec> r = super.train(start, shard, worker, round, iterations);
      double loss = round == badRound && worker == 1 ? Double.NaN : 1.0 / round;
      return new Report<>(r.state(), Map.of("loss/g", loss), r.images(), r.seconds());
    }
  }

  /** Like AddShard, but one worker's state (not its loss) turns NaN in one round. */
  static final class PoisonsStateAt extends AddShard {
    private final long badRound;

    PoisonsStateAt(long badRound) {
      this.badRound = badRound;
    }

    @Override
    public Report<Vec> train(Vec start, List<byte[]> shard, int worker, long round, int iterations) {
      Report<Vec> r = super.train(start, shard, worker, round, iterations);
      if (round != badRound || worker != 1) {
        return r;
      }
      float[] b = r.state().b().clone();
      b[0] = Float.NaN;
      return new Report<>(new Vec(r.state().a(), b, r.state().steps()), r.metrics(), r.images(), r.seconds());
    }
  }
}
