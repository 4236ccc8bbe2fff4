package org.nftgen.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamConstants;
import java.io.Serializable;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** State files are untrusted input: only the expected record and primitive arrays come out of them. */
class StateCodecTest {
  /** A state record like the real ones. */
  record Sample(float[] weights, long[] seeds, int steps) implements Serializable {}

  /** Another serialisable record that is not the state asked for. */
  record Other(String text) implements Serializable {}

  @Test
  void aStateRoundTrips() {
    Sample s = new Sample(new float[] {1, 2, 3}, new long[] {7}, 5);
    Sample back = StateCodec.decode(StateCodec.encode(s), Sample.class);
    assertArrayEquals(s.weights(), back.weights());
    assertArrayEquals(s.seeds(), back.seeds());
    assertEquals(5, back.steps());
  }

  /** A state written before the package re-cut, under its record's old package, still decodes. */
  @Test
  void aStateUnderItsOldPackageNameDecodes() throws IOException {
    Sample s = new Sample(new float[] {4, 5}, new long[] {9}, 3);
    byte[] legacy = renameClass(StateCodec.encode(s), Sample.class.getName(),
        "org.nftgen.checkpoint." + Sample.class.getName().substring("org.nftgen.run.".length()));
    Sample back = StateCodec.decode(legacy, Sample.class);
    assertArrayEquals(s.weights(), back.weights());
    assertEquals(3, back.steps());
    // Only nftgen's own names are mapped: the same record under a foreign package is refused.
    byte[] foreign = renameClass(StateCodec.encode(s), Sample.class.getName(), "com.example.StateCodecTest$Sample");
    assertThrows(IllegalStateException.class, () -> StateCodec.decode(foreign, Sample.class));
  }

  /** The serialised stream with one class descriptor's name (a length-prefixed UTF string) replaced. */
  private static byte[] renameClass(byte[] stream, String from, String to) throws IOException {
    byte[] needle = utf(from);
    for (int i = 0; i + needle.length <= stream.length; i++) {
      if (java.util.Arrays.equals(stream, i, i + needle.length, needle, 0, needle.length)) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(stream, 0, i);
        out.write(utf(to));
        out.write(stream, i + needle.length, stream.length - i - needle.length);
        return out.toByteArray();
      }
    }
    throw new AssertionError(from + " is not in the stream");
  }

  private static byte[] utf(String s) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new DataOutputStream(bytes).writeUTF(s);
    return bytes.toByteArray();
  }

  /** A stream holding another class (here one any JVM has, as a gadget chain would use) is refused before it is read. */
  @Test
  void anyOtherClassIsRefused() {
    ArrayList<Object> list = new ArrayList<>();
    list.add(new float[] {1});
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> StateCodec.decode(serialise(list), Sample.class));
    assertTrue(e.getMessage().contains("refused"), e.getMessage());
    IllegalStateException other = assertThrows(IllegalStateException.class,
        () -> StateCodec.decode(StateCodec.encode(new Other("x")), Sample.class));
    assertTrue(other.getMessage().contains("refused"), "refused by the filter, not read and then cast: "
        + other.getMessage());
  }

  /**
   * A float array that claims 2^31 - 1 elements in a 100-byte file: refused by the length check,
   * not by running out of memory after trying to allocate 8 GiB.
   */
  @Test
  void aHugeArrayLengthIsRefusedWithoutAllocating() throws IOException {
    byte[] crafted = hugeFloatArray(Integer.MAX_VALUE);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> StateCodec.decode(crafted, float[].class));
    assertTrue(e.getMessage().contains("refused"), e.getMessage());
    // The same stream shape with a small length is read: the refusal above is the length's.
    assertEquals(0, StateCodec.decode(hugeFloatArray(0), float[].class).length);
  }

  private static byte[] serialise(Object o) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return bytes.toByteArray();
  }

  /** A serialised {@code float[]} whose header says {@code length} elements, followed by none. */
  private static byte[] hugeFloatArray(int length) throws IOException {
    byte[] header = serialise(new float[0]);
    // The empty array's stream ends in its length, a 4-byte 0: put the crafted length there.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(header, 0, header.length - 4);
    new DataOutputStream(bytes).writeInt(length);
    assertEquals(ObjectStreamConstants.TC_ARRAY, header[4]);
    return bytes.toByteArray();
  }
}
