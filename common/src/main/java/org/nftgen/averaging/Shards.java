package org.nftgen.averaging;

import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;

/**
 * Splits a dataset into one shard per worker: image {@code i} goes to worker {@code i mod workers},
 * in index order within each shard. Deterministic, so that batches drawn by position are the same
 * in every run, resumed ones included.
 */
public final class Shards {
  private Shards() {}

  /** {@code images} as (index, pixels) pairs, split over {@code workers} cached partitions. */
  public static JavaRDD<byte[]> of(JavaPairRDD<Long, byte[]> images, int workers) {
    return images.repartitionAndSortWithinPartitions(new ByIndex(workers)).values()
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  /** Partitions by index modulo the number of workers. */
  static final class ByIndex extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int workers;

    ByIndex(int workers) {
      this.workers = workers;
    }

    @Override
    public int numPartitions() {
      return workers;
    }

    @Override
    public int getPartition(Object key) {
      return (int) Math.floorMod((Long) key, (long) workers);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ByIndex b && b.workers == workers;
    }

    @Override
    public int hashCode() {
      return workers;
    }
  }

}
