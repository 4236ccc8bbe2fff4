package org.nftgen.averaging;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The work of one worker in one round, run inside a Spark task: start from the broadcast state
 * and train {@code iterations} steps on this worker's shard. Implementations keep their networks
 * per executor thread, so a round costs a state restore, not a network build.
 */
public interface LocalTrainer<S extends Averageable<S>> extends Serializable {

  /** What a worker sends back: its state after the round and the mean of its step metrics. */
  record Report<S>(S state, Map<String, Double> metrics, long images, double seconds) implements Serializable {}

  Report<S> train(S start, List<byte[]> shard, int worker, long round, int iterations);
}
