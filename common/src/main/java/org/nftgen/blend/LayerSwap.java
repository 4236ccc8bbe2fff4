package org.nftgen.blend;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nftgen.config.SettingsException;
import org.nftgen.dcgan.DcganModels;
import org.nftgen.dcgan.DcganSettings;
import org.nftgen.gan.GanState;

/**
 * Layer-swap blending (Pinkney & Adler 2020, "Resolution Dependent GAN Interpolation for
 * Controllable Image Synthesis Between Domains"): two generators of one architecture, A's and a copy
 * of it fine-tuned on collection B, make one whose layers at each resolution are A's, B's or a
 * weighted mean of the two. Coarse stages decide the figure's shape and layout, fine ones its
 * texture and colour; because B's generator started as A's, their layers still fit together.
 *
 * <p>The generator ({@link DcganModels#generator}) is cut into resolution stages where its feature
 * maps grow: the first transposed convolution (latent to 4x4) opens stage 0, and each 2x
 * up-sampling (a stride-2 transposed convolution, a resize convolution, or a bilinear resize and the
 * convolution after it) opens the next, up to the output layer at full resolution. A stage holds the layers up to the next
 * (batch norm's parameters and running statistics included).
 */
public final class LayerSwap {
  /** One resolution stage: its layers, its span of the flat parameter array, and A's weight in it. */
  public record Stage(int resolution, int firstLayer, int lastLayer, int offset, int length, double weightOfA) {}

  private LayerSwap() {}

  /**
   * The weights of A per stage: the settings' schedule if given (one per stage, coarse to fine,
   * else a {@link SettingsException} naming the key and the count), otherwise 0 for the
   * {@code from-b} finest stages and 1 for the others.
   */
  public static List<Double> weights(DcganSettings model, LayerSwapSettings swap) {
    int stages = model.scaleBlocks() + 1;
    List<Double> schedule = swap.schedule();
    if (schedule.isEmpty()) {
      if (swap.fromB() > stages) {
        throw new SettingsException("Setting '" + LayerSwapSettings.SECTION + ".from-b' = " + swap.fromB()
            + ": the generator at " + model.resolution() + " px has " + stages + " resolution stages");
      }
      List<Double> weights = new ArrayList<>();
      for (int s = 0; s < stages; s++) {
        weights.add(s < stages - swap.fromB() ? 1.0 : 0.0);
      }
      return weights;
    }
    if (schedule.size() != stages) {
      throw new SettingsException("Setting '" + LayerSwapSettings.SECTION + ".schedule' = " + schedule + " has "
          + schedule.size() + " weights; the generator at " + model.resolution() + " px has " + stages
          + " resolution stages (" + resolutions(stages) + "): give one weight of A per stage, coarse to fine");
    }
    return schedule;
  }

  /** The generator's resolution stages with A's weight in each (see {@link #weights}). */
  public static List<Stage> stages(DcganSettings model, LayerSwapSettings swap) {
    List<Double> weights = weights(model, swap);
    MultiLayerConfiguration conf = DcganModels.generator(model);
    List<Stage> stages = new ArrayList<>();
    int first = 0;
    int offset = 0;
    int length = 0;
    int layers = conf.getConfs().size();
    for (int i = 0; i < layers; i++) {
      NeuralNetConfiguration layerConf = conf.getConf(i);
      Layer layer = layerConf.getLayer();
      // (The pixel grid's pooling and up-sampling at the end keep the side: not a stage.)
      boolean grows = layer instanceof Deconvolution2D || layer instanceof org.nftgen.dcgan.ResizeConvolutionLayer
          || layer instanceof org.nftgen.dcgan.BilinearUpsamplingLayer;
      if (grows && i > 0) {
        stages.add(stage(stages.size(), first, i - 1, offset, length, weights));
        first = i;
        offset += length;
        length = 0;
      }
      length += Math.toIntExact(layer.initializer().numParams(layerConf));
    }
    stages.add(stage(stages.size(), first, layers - 1, offset, length, weights));
    if (stages.size() != weights.size()) {
      throw new IllegalStateException("The generator has " + stages.size() + " resolution stages, expected "
          + weights.size());
    }
    return stages;
  }

  private static Stage stage(int index, int first, int last, int offset, int length, List<Double> weights) {
    return new Stage(DcganModels.BASE << index, first, last, offset, length, weights.get(index));
  }

  /**
   * The blended flat generator parameters: per stage A's (weight 1, bit for bit), B's (weight 0) or
   * {@code w * a + (1 - w) * b}.
   */
  public static float[] blend(float[] a, float[] b, List<Stage> stages) {
    Stage last = stages.get(stages.size() - 1);
    int total = last.offset() + last.length();
    if (a.length != total || b.length != total) {
      throw new IllegalArgumentException("The parents' generators have " + a.length + " and " + b.length
          + " parameters; this model's has " + total + ": they were trained with other nftgen.dcgan settings");
    }
    float[] out = new float[total];
    for (Stage s : stages) {
      double w = s.weightOfA();
      for (int i = s.offset(); i < s.offset() + s.length(); i++) {
        out[i] = w == 1 ? a[i] : w == 0 ? b[i] : (float) (w * a[i] + (1 - w) * b[i]);
      }
    }
    return out;
  }

  /**
   * The blend as a two-discriminator GAN state, the shape of a {@code train-blend} run's: the
   * blended generator (and the blend of the parents' moving averages, where they kept them) with A's
   * discriminator first and B's second, so that evaluation asks each collection's discriminator
   * about the blend's samples. Optimiser state and counters are B's: the blend is not trained on.
   */
  public static GanState blend(GanState a, GanState b, List<Stage> stages) {
    boolean averaged = a.generatorAverage().length > 0 || b.generatorAverage().length > 0;
    return new GanState(
        blend(a.generatorParams(), b.generatorParams(), stages),
        concat(a.discriminatorParams(), b.discriminatorParams()),
        b.generatorUpdater(),
        concat(a.discriminatorUpdater(), b.discriminatorUpdater()),
        b.generatorIterations(),
        b.discriminatorIterations(),
        b.rngRootState(),
        b.rngNodeState(),
        averaged ? blend(a.samplingGeneratorParams(), b.samplingGeneratorParams(), stages) : new float[0]);
  }

  /**
   * Where the fine-tuning on B starts: A's networks with a fresh optimiser and iteration count, as a
   * new run initialised from A's weights (StyleGAN2-ADA's {@code --resume} keeps the weights, not the
   * optimiser). The count matters for the moving average of G: its warm-up restarts, so B's sampling
   * generator follows the fine-tune within a few steps instead of holding on to A's (at A's decay of
   * 0.999, 900 steps later 41% of it would still be A's). The average starts at A's.
   */
  public static GanState fineTuningStart(GanState a) {
    return new GanState(a.generatorParams().clone(), a.discriminatorParams().clone(),
        new float[a.generatorUpdater().length], new float[a.discriminatorUpdater().length], 0, 0,
        a.rngRootState(), a.rngNodeState(), a.generatorAverage().clone());
  }

  /** The schedule as the blend's checkpoint records it: each stage's resolution, layers and weight of A. */
  public static ArrayNode describe(List<Stage> stages) {
    ArrayNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    for (Stage s : stages) {
      ObjectNode o = out.addObject();
      o.put("resolution", s.resolution());
      o.put("firstLayer", s.firstLayer());
      o.put("lastLayer", s.lastLayer());
      o.put("parameters", s.length());
      o.put("weightOfA", s.weightOfA());
    }
    return out;
  }

  private static String resolutions(int stages) {
    List<String> sides = new ArrayList<>();
    for (int s = 0; s < stages; s++) {
      sides.add((DcganModels.BASE << s) + " px");
    }
    return String.join(", ", sides);
  }

  private static float[] concat(float[] x, float[] y) {
    float[] out = java.util.Arrays.copyOf(x, x.length + y.length);
    System.arraycopy(y, 0, out, x.length, y.length);
    return out;
  }
}
