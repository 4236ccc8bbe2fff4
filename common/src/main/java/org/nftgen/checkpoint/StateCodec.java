package org.nftgen.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * Model states in checkpoints: Java serialization of the plain-array state records. The
 * checkpoint's commit marker guards the bytes (SHA-256), and states are only ever read back by
 * the same job jar that wrote them.
 */
public final class StateCodec {
  private StateCodec() {}

  public static byte[] encode(Serializable state) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(state);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode " + state.getClass().getSimpleName(), e);
    }
    return bytes.toByteArray();
  }

  public static <T> T decode(byte[] data, Class<T> type) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
      return type.cast(in.readObject());
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      throw new IllegalStateException("Checkpoint does not hold a readable " + type.getSimpleName() + ": "
          + e.getMessage(), e);
    }
  }
}
