package org.nftgen.gan;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.bytedeco.javacpp.Pointer;

/**
 * Gives ND4J's freed arrays back before the process grows. ND4J frees an array's native memory
 * only when the garbage collector finds its Java object unreachable, and those objects are small:
 * the Java heap fills so slowly that a seed-size DCGAN iteration left ~740 MB of dead native
 * arrays behind each time, the resident size climbed by as much per iteration, and every byte
 * of it was a fresh page. Page faults then took close to half the CPU time and, on a virtual machine
 * once the process passed a few GB, an iteration went from 2.1 s to 4 s (docs/measurements.md). A
 * collection whenever the resident size has grown by {@link #GROWTH_BYTES} since the last one
 * keeps it flat, and the allocator reuses the same pages; with the launcher's
 * {@code -XX:+ExplicitGCInvokesConcurrent} it is a young pause (15 to 85 ms in a Spark JVM).
 */
public final class NativeMemory {
  /**
   * Growth of the resident size that triggers a collection. Small: the collection must come before
   * the next iteration allocates, or that one takes fresh pages again (with 512 MB, every third
   * seed-size iteration did and took twice as long). Tiny models collect every few dozen steps.
   */
  static final long GROWTH_BYTES = 64L << 20;
  /** The process's: one baseline for every thread, since a collection is for the whole JVM. */
  private static final NativeMemory PROCESS = new NativeMemory(Pointer::physicalBytes);

  private final LongSupplier residentBytes;
  /** Resident size after the last collection (or the lowest seen since); -1 before the first call. */
  private final AtomicLong baseline = new AtomicLong(-1);

  NativeMemory(LongSupplier residentBytes) {
    this.residentBytes = residentBytes;
  }

  /**
   * Runs a garbage collection if the process's resident size has grown by {@link #GROWTH_BYTES}
   * since the last one here; returns whether it did. Cheap to call after every training step.
   */
  public static boolean reclaimIfGrown() {
    return PROCESS.reclaim();
  }

  boolean reclaim() {
    long resident = residentBytes.getAsLong();
    long since = baseline.get();
    if (since < 0 || (resident < since && since != Long.MAX_VALUE)) {
      // The first call, or the memory freed by the last collection has come back to the system.
      baseline.compareAndSet(since, resident);
      return false;
    }
    if (resident - since < GROWTH_BYTES || !baseline.compareAndSet(since, Long.MAX_VALUE)) {
      return false; // not grown, or another thread is collecting
    }
    System.gc();
    baseline.set(residentBytes.getAsLong());
    return true;
  }
}
