package org.nftgen.run;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * Model states in checkpoints: Java serialization of the plain-array state records, read back
 * through an allow-list. A state file comes from a run folder or bucket, which whoever can write
 * there controls, and Java deserialisation of arbitrary classes can run code; so {@link #decode}
 * admits exactly the one record class it was asked for and primitive arrays, refuses every other
 * class before it is loaded, and refuses an array longer than {@link #MAX_ARRAY_LENGTH} before it
 * is allocated (a crafted length of 2^31 would otherwise ask for gigabytes).
 */
public final class StateCodec {
  /** Longest array a state may hold: 2^28 floats (1 GiB), beyond any model nftgen trains. */
  static final long MAX_ARRAY_LENGTH = 1L << 28;
  /** A state record and its arrays: the record, then one level of fields. */
  private static final long MAX_DEPTH = 4;
  /** Objects one stream may hold: a record and a few dozen arrays. */
  private static final long MAX_REFERENCES = 256;

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

  /** The {@code type} record in {@code data}; an IllegalStateException if it holds anything else. */
  public static <T> T decode(byte[] data, Class<T> type) {
    try (ObjectInputStream in = new LegacyNames(new ByteArrayInputStream(data), type)) {
      in.setObjectInputFilter(allowOnly(type));
      return type.cast(in.readObject());
    } catch (InvalidClassException e) {
      throw new IllegalStateException("Checkpoint does not hold a readable " + type.getSimpleName()
          + ": refused " + e.getMessage() + " (a state holds only " + type.getSimpleName() + " and primitive arrays"
          + " of at most " + MAX_ARRAY_LENGTH + " elements)", e);
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      throw new IllegalStateException("Checkpoint does not hold a readable " + type.getSimpleName() + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Reads a state written before the record moved package (the DCGAN's {@code GanState} was
   * {@code org.nftgen.train.GanState} until the package re-cut): an nftgen class of the same
   * simple name resolves to {@code type}, so run folders trained by an earlier version still load.
   * Only {@code type} itself is ever substituted, and the allow-list still applies to the result.
   */
  private static final class LegacyNames extends ObjectInputStream {
    private final Class<?> type;

    LegacyNames(ByteArrayInputStream in, Class<?> type) throws IOException {
      super(in);
      this.type = type;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      String name = desc.getName();
      if (name.startsWith("org.nftgen.") && lastSegment(name).equals(lastSegment(type.getName()))) {
        return type;
      }
      return super.resolveClass(desc);
    }

    private static String lastSegment(String className) {
      return className.substring(className.lastIndexOf('.') + 1);
    }
  }

  /** Admits {@code type} and primitive arrays within the limits; rejects everything else. */
  static ObjectInputFilter allowOnly(Class<?> type) {
    return info -> {
      if (info.depth() > MAX_DEPTH || info.references() > MAX_REFERENCES || info.arrayLength() > MAX_ARRAY_LENGTH) {
        return ObjectInputFilter.Status.REJECTED;
      }
      Class<?> c = info.serialClass();
      if (c == null) {
        return ObjectInputFilter.Status.UNDECIDED; // a limits-only check, passed above
      }
      if (c == type || c.isArray() && c.getComponentType().isPrimitive()) {
        return ObjectInputFilter.Status.ALLOWED;
      }
      return ObjectInputFilter.Status.REJECTED;
    };
  }
}
