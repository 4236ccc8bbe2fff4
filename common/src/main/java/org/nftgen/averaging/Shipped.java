package org.nftgen.averaging;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A state on its way between the driver and the workers (the round's broadcast, each worker's
 * result): its arrays written as raw little-endian blocks, everything else by Java serialization.
 * Java serialization turns a float array into bytes one value at a time; a seed-size state is 76 MB,
 * written and read four times a round, and those passes were most of a short round's time outside
 * the workers. Only the wire format: checkpoints keep the state's own serialized form.
 */
final class Shipped<S extends Averageable<S>> implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Floats copied per block: a 256 kB buffer. */
  private static final int BLOCK = 1 << 16;

  private transient S state;

  Shipped(S state) {
    this.state = state;
  }

  S state() {
    return state;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    float[][] arrays = state.arrays();
    // The state without its arrays carries the rest (counters, RNG words) in its own form.
    out.writeObject(state.withArrays(new float[arrays.length][0]));
    out.writeInt(arrays.length);
    byte[] block = new byte[BLOCK * Float.BYTES];
    for (float[] array : arrays) {
      out.writeInt(array.length);
      for (int from = 0; from < array.length; from += BLOCK) {
        int count = Math.min(BLOCK, array.length - from);
        ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(array, from, count);
        out.write(block, 0, count * Float.BYTES);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    Object skeleton = in.readObject();
    if (!(skeleton instanceof Averageable<?>)) {
      throw new InvalidObjectException("A shipped state holds " + (skeleton == null ? "null" : skeleton.getClass()));
    }
    int count = in.readInt();
    if (count < 0) {
      throw new InvalidObjectException("A shipped state has " + count + " arrays");
    }
    float[][] arrays = new float[count][];
    byte[] block = new byte[BLOCK * Float.BYTES];
    for (int a = 0; a < arrays.length; a++) {
      int length = in.readInt();
      if (length < 0) {
        throw new InvalidObjectException("A shipped state's array " + a + " has " + length + " values");
      }
      float[] array = arrays[a] = new float[length];
      for (int from = 0; from < length; from += BLOCK) {
        int values = Math.min(BLOCK, length - from);
        in.readFully(block, 0, values * Float.BYTES);
        ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(array, from, values);
      }
    }
    state = ((S) skeleton).withArrays(arrays);
  }
}
