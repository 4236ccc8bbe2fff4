package org.nftgen.generate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nftgen.config.SettingsException;
import org.nftgen.config.SettingsReader;
import org.nftgen.image.Pixels;
import org.nftgen.image.Resampler;
import org.nftgen.image.RgbImage;
import org.nftgen.io.Json;

/**
 * The fallback upscaler when no trained one is given: bicubic interpolation (Keys, a = -0.5, the
 * {@link Resampler} that {@code prepare} enlarges with). It adds no detail, it only makes the 2x and
 * 4x sizes exist, and the manifest says {@code "upscaler": {"kind": "bicubic"}} so that nobody takes
 * its output for super-resolution. Pixels are quantised to 8 bits on the way, as they are between
 * every other stage (the denoiser works on 8-bit images).
 */
public final class BicubicUpscaler implements UpscalerSource, UpscaleStage {
  private static final long serialVersionUID = 1L;
  private final int factor;

  /** {@code nftgen.generate.bicubic-factor}: 2 or 4 (generate and the bench's generation measurement read it). */
  public static int factor(Config config) {
    SettingsReader r = new SettingsReader(config, "nftgen.generate");
    int factor = r.intValue("bicubic-factor", 2, 4);
    if (factor == 3) {
      throw new SettingsException("Setting '" + r.key("bicubic-factor") + "' = 3 must be 2 or 4");
    }
    return factor;
  }

  public BicubicUpscaler(int factor) {
    if (factor != 2 && factor != 4) {
      throw new IllegalArgumentException("upscale factor " + factor + " must be 2 or 4");
    }
    this.factor = factor;
  }

  @Override
  public UpscaleStage open() {
    return this; // stateless
  }

  @Override
  public ObjectNode describe() {
    ObjectNode o = Json.object();
    o.put("kind", "bicubic");
    o.put("factor", factor);
    return o;
  }

  @Override
  public int factor() {
    return factor;
  }

  @Override
  public INDArray upscale(INDArray nchw) {
    List<byte[]> out = new ArrayList<>();
    int side = 0;
    for (RgbImage image : Pixels.toImages(nchw)) {
      RgbImage big = Resampler.resize(image, image.width() * factor, image.height() * factor,
          Resampler.Filter.BICUBIC);
      side = big.width();
      out.add(big.rgb());
    }
    return Pixels.toTensor(out, side);
  }
}
