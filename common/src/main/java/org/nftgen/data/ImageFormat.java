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
