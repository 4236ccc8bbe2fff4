package org.nftgen.gan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NativeMemoryTest {
  @Test
  void collectsOnceTheProcessHasGrownAndOnlyThen() {
    NativeMemory.reclaimIfGrown(); // sets the baseline, or collects what earlier tests left
    NativeMemory.reclaimIfGrown();
    assertFalse(NativeMemory.reclaimIfGrown(), "nothing grew");

    INDArray grown = Nd4j.create(DataType.FLOAT, 40L << 20); // 160 MB, zero-filled, so resident
    WeakReference<Object> garbage = new WeakReference<>(new Object());
    assertTrue(NativeMemory.reclaimIfGrown(), "the process grew by " + 4 * grown.length() + " bytes");
    assertNull(garbage.get(), "a collection ran");
    assertFalse(NativeMemory.reclaimIfGrown(), "the baseline moved to the grown size");
  }
}
