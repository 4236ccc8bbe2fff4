package org.nftgen.data;

/** Why an input file did not become a training record. The names appear in manifests. */
public enum RejectReason {
  /** A zero-byte file. */
  EMPTY("empty", true),
  /** Not a PNG, JPEG, GIF or BMP file (metadata JSON, text, unknown bytes). */
  NOT_AN_IMAGE("not-an-image", false),
  /** An image whose data ends before the picture does. */
  TRUNCATED("truncated", true),
  /** An image the decoder cannot make sense of. */
  CORRUPT("corrupt", true),
  /** More pixels or bytes than the configured limits: a decompression bomb or an outlier. */
  TOO_LARGE("too-large", true),
  /** Smaller than the configured minimum side. */
  TOO_SMALL("too-small", true),
  /** The file system refused to read it. */
  UNREADABLE("unreadable", true),
  /** Its name cannot be decoded or resolved back to the file. */
  UNREADABLE_NAME("unreadable-name", true),
  /** The same decoded pixels as an accepted image. */
  DUPLICATE("duplicate", false);

  private final String label;
  private final boolean badImage;

  RejectReason(String label, boolean badImage) {
    this.label = label;
    this.badImage = badImage;
  }

  /** The name used in manifests and messages. */
  public String label() {
    return label;
  }

  /**
   * Whether this counts towards the rejection-rate threshold: damaged or unusable image files do;
   * stray non-image files and duplicates are expected in real collections and do not.
   */
  public boolean countsAsBadImage() {
    return badImage;
  }
}
