package org.nftgen.data;

import java.util.Arrays;

/**
 * Images of several collections in one RDD: each record is one byte naming its collection followed
 * by the image's pixels, so that one shard per worker can carry every collection and a trainer
 * can hand each discriminator only its own collection's images.
 */
public final class CollectionTag {
  private CollectionTag() {}

  public static byte[] tag(int collection, byte[] pixels) {
    if (collection < 0 || collection > Byte.MAX_VALUE) {
      throw new IllegalArgumentException("collection " + collection);
    }
    byte[] tagged = new byte[pixels.length + 1];
    tagged[0] = (byte) collection;
    System.arraycopy(pixels, 0, tagged, 1, pixels.length);
    return tagged;
  }

  public static int collection(byte[] tagged) {
    return tagged[0];
  }

  public static byte[] pixels(byte[] tagged) {
    return Arrays.copyOfRange(tagged, 1, tagged.length);
  }
}
