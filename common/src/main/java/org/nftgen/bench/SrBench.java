package org.nftgen.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.config.SettingsReader;
import org.nftgen.data.ImageDecoder;
import org.nftgen.denoise.DenoiseSettings;
import org.nftgen.denoise.Denoiser;
import org.nftgen.image.RgbImage;
import org.nftgen.io.Json;
import org.nftgen.io.ProgressLog;
import org.nftgen.srgan.SrganModels;
import org.nftgen.srgan.SrganSettings;
import org.nftgen.synth.CollectionStyle;

/**
 * The bench's super-resolution part: 4x inference speed of the SRGAN generator of
 * {@code nftgen.srgan}'s shape (blocks, width; the factor forced to 4), on random LR images of
 * {@code sr-input-side} px (64 -> 256 by default), in images per second; and the cost of the
 * configured denoiser per 64 and 256 px image (it runs before and after upscaling in the pipeline).
 */
public final class SrBench {
  /** What to time: the generator's shape, the batch and the LR side. */
  public record Settings(SrganSettings model, int batch, int inputSide, DenoiseSettings denoise) {
    public static Settings from(Config config) {
      SettingsReader r = new SettingsReader(config, "nftgen.bench");
      SrganSettings s = SrganSettings.from(config);
      SrganSettings x4 = s.withShape(4, s.blocks(), s.generatorWidth(), s.discriminatorWidth(),
          s.discriminatorDense(), s.hrResolution(), s.hrCrop(), s.batch());
      return new Settings(x4, r.intValue("sr-batch", 1, 4096), r.intValue("sr-input-side", 4, 4096),
          DenoiseSettings.from(config));
    }
  }

  private SrBench() {}

  static ObjectNode run(Settings s, int warmup, int iterations) {
    ComputationGraph g = new ComputationGraph(SrganModels.generator(s.model(), false));
    g.init();
    org.nftgen.srgan.Upscaler upscaler = org.nftgen.srgan.Upscaler.of(s.model(), g.params().toFloatVector(), "bench");
    INDArray lr = Nd4j.rand(DataType.FLOAT, s.batch(), 3, s.inputSide(), s.inputSide()).muli(2).subi(1);
    // What generate runs (phase up-sampling, space-to-depth output) and DL4J's graph layer by layer.
    double median = medianMs(() -> upscaler.forward(lr), warmup, iterations);
    double graph = medianMs(() -> upscaler.graphForward(lr), warmup, iterations);
    int out = s.inputSide() * 4;
    ObjectNode o = Json.object();
    o.put("factor", 4).put("inputSide", s.inputSide()).put("outputSide", out).put("batch", s.batch())
        .put("blocks", s.model().blocks()).put("generatorWidth", s.model().generatorWidth())
        .put("msPerBatch", median).put("imagesPerSecond", s.batch() / median * 1e3)
        .put("graphMsPerBatch", graph).put("speedupOverGraph", graph / median);
    ProgressLog.format("bench: SRGAN 4x inference %d -> %d px (B=%d, width %d), batch %d: %.0f ms, %.2f images/s "
            + "(DL4J's graph layer by layer: %.0f ms, %.2fx)", s.inputSide(), out, s.model().blocks(),
        s.model().generatorWidth(), s.batch(), median, s.batch() / median * 1e3, graph, graph / median);
    o.set("denoise", denoiseCost(s.denoise(), warmup, iterations));
    return o;
  }

  /** The median milliseconds of {@code work} over {@code iterations} runs after {@code warmup}. */
  private static double medianMs(Runnable work, int warmup, int iterations) {
    double[] ms = new double[iterations];
    for (int i = 0; i < warmup + iterations; i++) {
      long start = System.nanoTime();
      work.run();
      if (i >= warmup) {
        ms[i - warmup] = (System.nanoTime() - start) / 1e6;
      }
    }
    java.util.Arrays.sort(ms);
    return ms[ms.length / 2];
  }

  /** Milliseconds per image of the configured denoiser on an embedded-collection token at 64 and 256 px. */
  private static ObjectNode denoiseCost(DenoiseSettings settings, int warmup, int iterations) {
    Denoiser denoiser = new Denoiser(settings);
    CollectionStyle apes = CollectionStyle.named("apes");
    ObjectNode o = Json.object().put("method", settings.method());
    for (int side : new int[] {64, 256}) {
      RgbImage image = ImageDecoder.toRgb(apes.draw(apes.roll(5, 3, 0), side), 0xFFFFFF);
      double ms = medianMs(() -> denoiser.denoise(image), warmup, iterations);
      o.put("msPerImage" + side, ms);
      ProgressLog.format("bench: denoising (%s) %d px: %.1f ms per image", settings.method(), side, ms);
    }
    return o;
  }
}
