package org.nftgen.data;

import org.nftgen.image.RgbImage;

/**
 * What decoding one file gave: an image with its source format and colour mode, or the reason it
 * was rejected. Exactly one of {@link #image()} and {@link #reason()} is non-null.
 */
public record DecodeResult(RgbImage image, ImageFormat format, String mode, RejectReason reason, String detail) {

  public static DecodeResult accepted(RgbImage image, ImageFormat format, String mode) {
    return new DecodeResult(image, format, mode, null, null);
  }

  public static DecodeResult rejected(RejectReason reason, String detail) {
    return new DecodeResult(null, null, null, reason, detail);
  }

  public boolean isAccepted() {
    return image != null;
  }
}
