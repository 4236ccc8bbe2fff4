package org.nftgen.gan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {
  private static final long MB = 1L << 20;

  /** The trigger on a resident size the test sets (the process's own moves with whatever ran before). */
  @Test
  void collectsOnceTheResidentSizeHasGrownByTheThresholdAndOnlyThen() {
    AtomicLong resident = new AtomicLong(1000 * MB);
    NativeMemory memory = new NativeMemory(resident::get);
    assertFalse(memory.reclaim(), "the first call sets the baseline");
    resident.addAndGet(NativeMemory.GROWTH_BYTES - 1);
    assertFalse(memory.reclaim(), "grown by less than the threshold");

    resident.addAndGet(1);
    WeakReference<Object> garbage = new WeakReference<>(new Object());
    assertTrue(memory.reclaim(), "grown by the threshold");
    assertNull(garbage.get(), "a collection ran");
    assertFalse(memory.reclaim(), "the baseline moved to the grown size");

    resident.addAndGet(-500 * MB); // the collection's memory went back to the system
    assertFalse(memory.reclaim());
    resident.addAndGet(NativeMemory.GROWTH_BYTES);
    assertTrue(memory.reclaim(), "growth counts from the lowest size seen since");
  }
}
