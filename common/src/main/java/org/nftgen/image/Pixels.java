package org.nftgen.image;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Conversions between stored pixels (8-bit RGB, HWC, as in the dataset) and network tensors
 * (float NCHW in [-1, 1], the range of the generator's tanh).
 */
public final class Pixels {
  private Pixels() {}

  /** Stacks images of {@code side} x {@code side} into one NCHW batch scaled to [-1, 1]. */
  public static INDArray toTensor(List<byte[]> images, int side) {
    int plane = side * side;
    float[] data = new float[images.size() * 3 * plane];
    for (int n = 0; n < images.size(); n++) {
      byte[] rgb = images.get(n);
      if (rgb.length != plane * 3) {
        throw new IllegalArgumentException("image " + n + " has " + rgb.length + " bytes, expected " + plane * 3);
      }
      int base = n * 3 * plane;
      for (int i = 0; i < plane; i++) {
        data[base + i] = (rgb[i * 3] & 255) / 127.5f - 1f;
        data[base + plane + i] = (rgb[i * 3 + 1] & 255) / 127.5f - 1f;
        data[base + 2 * plane + i] = (rgb[i * 3 + 2] & 255) / 127.5f - 1f;
      }
    }
    return Nd4j.create(data, new long[] {images.size(), 3, side, side}, 'c');
  }

  /** Splits an NCHW batch in [-1, 1] back into 8-bit RGB images (values clipped, rounded). */
  public static List<RgbImage> toImages(INDArray batch) {
    INDArray c = batch.castTo(DataType.FLOAT).dup('c');
    long n = c.size(0);
    int h = (int) c.size(2);
    int w = (int) c.size(3);
    float[] data = c.data().asFloat();
    int plane = h * w;
    List<RgbImage> images = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      byte[] rgb = new byte[plane * 3];
      int base = k * 3 * plane;
      for (int i = 0; i < plane; i++) {
        for (int ch = 0; ch < 3; ch++) {
          float v = (data[base + ch * plane + i] + 1f) * 127.5f;
          rgb[i * 3 + ch] = (byte) Math.max(0, Math.min(255, Math.round(v)));
        }
      }
      images.add(new RgbImage(w, h, rgb));
    }
    return images;
  }
}
