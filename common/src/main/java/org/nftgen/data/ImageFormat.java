package org.nftgen.data;

/** The image formats accepted on ingest, recognised by their magic bytes, not their names. */
public enum ImageFormat {
  PNG("png"),
  JPEG("jpeg"),
  GIF("gif"),
  BMP("bmp");

  private final String label;

  ImageFormat(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The format whose signature starts {@code data}, or null if none does. */
  public static ImageFormat sniff(byte[] data) {
    if (startsWith(data, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return PNG;
    }
    if (startsWith(data, 0xFF, 0xD8, 0xFF)) {
      return JPEG;
    }
    if (startsWith(data, 'G', 'I', 'F', '8', '7', 'a') || startsWith(data, 'G', 'I', 'F', '8', '9', 'a')) {
      return GIF;
    }
    if (startsWith(data, 'B', 'M') && data.length >= 26) {
      return BMP;
    }
    return null;
  }

  /**
   * Whether the data ends the way a complete file of this format does: PNG with its IEND chunk,
   * JPEG with an end-of-image marker, GIF with its trailer byte, BMP at the length its header
   * declares. Tells a truncated file from a corrupt one when decoding fails.
   */
  public boolean hasEnd(byte[] data) {
    int n = data.length;
    switch (this) {
      case PNG:
        return n >= 12 && data[n - 8] == 'I' && data[n - 7] == 'E' && data[n - 6] == 'N' && data[n - 5] == 'D';
      case JPEG:
        for (int i = n - 1; i >= Math.max(1, n - 4096); i--) {
          if ((data[i] & 255) == 0xD9 && (data[i - 1] & 255) == 0xFF) {
            return true;
          }
        }
        return false;
      case GIF:
        return n > 0 && data[n - 1] == 0x3B;
      case BMP:
        long declared = (data[2] & 255L) | (data[3] & 255L) << 8 | (data[4] & 255L) << 16 | (data[5] & 255L) << 24;
        return declared == 0 || n >= declared;
      default:
        return true;
    }
  }

  private static boolean startsWith(byte[] data, int... signature) {
    if (data.length < signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if ((data[i] & 255) != signature[i]) {
        return false;
      }
    }
    return true;
  }
}
