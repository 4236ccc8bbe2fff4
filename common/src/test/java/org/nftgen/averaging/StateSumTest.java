package org.nftgen.averaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StateSumTest {
  private static TestStates.Vec state(int seed, int n, long steps) {
    Random random = new Random(seed);
    float[] a = new float[n];
    float[] b = new float[n / 2];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) random.nextGaussian();
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) random.nextGaussian();
    }
    return new TestStates.Vec(a, b, steps);
  }

  private static int serialisedBytes(Object o) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    return bytes.size();
  }

  /** A worker's task result is one partial of its own state: it must cost its floats, not doubles beside them. */
  @Test
  void aPartialOfOneStateShipsAsItsFloats() throws IOException {
    int n = 200_000;
    TestStates.Vec s = state(1, n, 7);
    int floats = 4 * (n + n / 2);
    int bytes = serialisedBytes(new StateSum<TestStates.Vec>().add(s, 0));
    assertTrue(bytes < floats * 1.01, "one state's partial is " + bytes + " bytes for " + floats + " bytes of floats");
  }

  private static Object roundTrip(Object o) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return in.readObject();
    }
  }

  /**
   * States travel as raw float blocks ({@link Shipped}): a partial read back holds the same values
   * to the bit, arrays longer than a block and empty ones included, and the rest of the state.
   */
  @Test
  void aPartialReadBackHoldsTheSameStates() throws IOException, ClassNotFoundException {
    int n = 3 * 65_536 + 5;
    StateSum<TestStates.Vec> sum = new StateSum<TestStates.Vec>().add(state(1, n, 7), 0).add(state(2, n, 7), 1);
    @SuppressWarnings("unchecked")
    StateSum<TestStates.Vec> back = (StateSum<TestStates.Vec>) roundTrip(sum);
    assertEquals(2, back.count());
    TestStates.Vec expected = sum.mean();
    TestStates.Vec got = back.mean();
    assertArrayEquals(expected.a(), got.a());
    assertArrayEquals(expected.b(), got.b());
    assertEquals(7, got.steps());

    TestStates.Vec odd = new TestStates.Vec(new float[] {Float.NaN, -0.0f, Float.MIN_VALUE}, new float[0], 3);
    @SuppressWarnings("unchecked")
    TestStates.Vec shipped = ((Shipped<TestStates.Vec>) roundTrip(new Shipped<>(odd))).state();
    assertArrayEquals(odd.a(), shipped.a());
    assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(shipped.a()[1]));
    assertEquals(0, shipped.b().length);
    assertEquals(3, shipped.steps());
  }

  @Test
  void theMeanDoesNotDependOnHowPartialsAreMerged() {
    TestStates.Vec s0 = state(1, 1000, 10);
    TestStates.Vec s1 = state(2, 1000, 11);
    TestStates.Vec s2 = state(3, 1000, 12);
    TestStates.Vec left = new StateSum<TestStates.Vec>().add(s0, 0).add(s1, 1)
        .merge(new StateSum<TestStates.Vec>().add(s2, 2)).mean();
    TestStates.Vec right = new StateSum<TestStates.Vec>().add(s2, 2)
        .merge(new StateSum<TestStates.Vec>().add(s1, 1).merge(new StateSum<TestStates.Vec>().add(s0, 0))).mean();
    TestStates.Vec empty = new StateSum<TestStates.Vec>().merge(new StateSum<TestStates.Vec>().add(s1, 1))
        .merge(new StateSum<>()).merge(new StateSum<TestStates.Vec>().add(s0, 0).add(s2, 2)).mean();
    for (TestStates.Vec mean : new TestStates.Vec[] {left, right, empty}) {
      for (int i = 0; i < 1000; i++) {
        assertEquals((float) (((double) s0.a()[i] + s1.a()[i] + s2.a()[i]) / 3), mean.a()[i]);
      }
      assertEquals(10, mean.steps(), "counters come from the lowest-numbered worker");
    }
    assertArrayEquals(left.b(), right.b());
    assertArrayEquals(left.b(), empty.b());
  }

  /** Past the states a partial holds as they are, it folds them into sums: the mean stays the same. */
  @Test
  void manyWorkersFoldIntoSumsWithTheSameMean() {
    int workers = 2 * StateSum.HELD + 1;
    TestStates.Vec[] states = new TestStates.Vec[workers];
    for (int w = 0; w < workers; w++) {
      states[w] = state(10 + w, 500, 100 + w);
    }
    StateSum<TestStates.Vec> oneByOne = new StateSum<>();
    for (int w = workers - 1; w >= 0; w--) {
      oneByOne.add(states[w], w);
    }
    StateSum<TestStates.Vec> pairs = new StateSum<>();
    for (int w = 0; w < workers; w += 2) {
      StateSum<TestStates.Vec> pair = new StateSum<TestStates.Vec>().add(states[w], w);
      if (w + 1 < workers) {
        pair.add(states[w + 1], w + 1);
      }
      pairs = new StateSum<TestStates.Vec>().merge(pair).merge(pairs);
    }
    assertEquals(workers, oneByOne.count());
    assertEquals(workers, pairs.count());
    for (TestStates.Vec mean : new TestStates.Vec[] {oneByOne.mean(), pairs.mean()}) {
      for (int i = 0; i < 500; i++) {
        double sum = 0;
        for (TestStates.Vec s : states) {
          sum += s.a()[i];
        }
        assertEquals((float) (sum / workers), mean.a()[i], "value " + i);
      }
      assertEquals(100, mean.steps(), "counters come from worker 0");
    }
  }

  @Test
  void theMeanOfOneStateIsThatState() {
    TestStates.Vec s = state(4, 100, 3);
    TestStates.Vec mean = new StateSum<TestStates.Vec>().merge(new StateSum<TestStates.Vec>().add(s, 5)).mean();
    assertArrayEquals(s.a(), mean.a());
    assertArrayEquals(s.b(), mean.b());
    assertEquals(3, mean.steps());
  }

  @Test
  void statesOfDifferentShapesAreRefused() {
    StateSum<TestStates.Vec> sum = new StateSum<TestStates.Vec>().add(state(1, 100, 0), 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> sum.merge(new StateSum<TestStates.Vec>().add(state(2, 90, 0), 1)));
    assertTrue(e.getMessage().contains("90 values, expected 100"), e.getMessage());
  }
}
