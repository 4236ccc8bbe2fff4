package org.nftgen.mint;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * IPFS content identifiers computed locally, without an IPFS node: the CIDv1 that
 * {@code ipfs add --cid-version 1 --raw-leaves} gives a file that fits one block (the default
 * chunker's 256 KiB): codec raw (0x55), multihash sha2-256 (0x12, 32 bytes), multibase base32
 * (lower case, no padding, prefix {@code b}). A larger file would be chunked into a UnixFS DAG whose
 * root has another CID; {@link #rawV1} refuses it rather than give a CID that IPFS would not.
 */
public final class Cid {
  /** The default chunk size of {@code ipfs add}: a file up to this size is one raw block. */
  public static final int MAX_SINGLE_BLOCK = 262_144;
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private Cid() {}

  /** The CIDv1 (raw, sha2-256, base32) of {@code content}, or null when it is more than one block. */
  public static String rawV1(byte[] content) {
    if (content.length > MAX_SINGLE_BLOCK) {
      return null;
    }
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] cid = new byte[4 + digest.length];
    cid[0] = 0x01; // CID version 1
    cid[1] = 0x55; // multicodec raw
    cid[2] = 0x12; // multihash sha2-256
    cid[3] = 0x20; // digest length 32
    System.arraycopy(digest, 0, cid, 4, digest.length);
    return "b" + base32(cid);
  }

  /** RFC 4648 base32, lower case, without padding (multibase {@code b}). */
  static String base32(byte[] bytes) {
    StringBuilder sb = new StringBuilder((bytes.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = buffer << 8 | (b & 0xFF);
      bits += 8;
      while (bits >= 5) {
        sb.append(BASE32[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      sb.append(BASE32[(buffer << (5 - bits)) & 31]);
    }
    return sb.toString();
  }
}
