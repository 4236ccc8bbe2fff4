package org.nftgen.train;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.model.DcganModels;
import org.nftgen.model.DcganSettings;
import org.nftgen.model.Stabilisers;

/**
 * One machine's DCGAN training: a generator G, a discriminator D and the latent RNG, advanced one
 * iteration at a time on batches of real images ({@code [n, 3, r, r]}, NCHW, values in [-1, 1]).
 *
 * <p>No combined G+D network, no frozen layers, no parameter copies (see NOTES.md: the frozen-D trick
 * breaks on D's batch norm). The D step backpropagates the cross-entropy of the real batch (label
 * REAL) and of a batch of fakes (label FAKE), each through its own forward pass so that batch norm
 * never mixes real and fake statistics, and applies Adam once to the sum, as the DCGAN reference
 * does. The G step labels fresh fakes REAL, backpropagates through D only to get the gradient with
 * respect to D's input (D's parameter gradient is computed and thrown away, nothing is applied to
 * D), continues that gradient into G and applies G's Adam to G.
 *
 * <p>Determinism: the weights come from {@code DcganSettings.seed} (DL4J seeds ND4J's global RNG at
 * {@code init()}), the latents from this step's own RNG, and nothing else draws random numbers
 * (no dropout). Two trainers with the same seed, data and settings train bit-identically in one JVM
 * (tested). Across machines, ND4J thread counts or with the oneDNN helpers switched differently,
 * float sums may be ordered differently and results drift apart in the last bits: not tested.
 *
 * <p>Not thread-safe: a Spark executor builds one per task thread.
 */
public final class GanStep implements AutoCloseable {
  /** Batch-norm running statistics: stored as parameters, updated through their "gradient". */
  private static final List<String> RUNNING_STATISTICS = List.of(
      BatchNormalizationParamInitializer.GLOBAL_MEAN,
      BatchNormalizationParamInitializer.GLOBAL_VAR,
      BatchNormalizationParamInitializer.GLOBAL_LOG_STD);

  private final MultiLayerNetwork generator;
  private final MultiLayerNetwork discriminator;
  private final int nz;
  private final Random rng;
  private final Stabilisers stabilisers;
  private final float realTarget;

  /**
   * Takes ownership of two initialised networks made from {@link DcganModels}; latents, and instance
   * noise if any, come from an ND4J RNG of their own seeded with {@code latentSeed}, independent of
   * ND4J's global one.
   */
  public GanStep(MultiLayerNetwork generator, MultiLayerNetwork discriminator, int nz, long latentSeed,
      Stabilisers stabilisers) {
    this.generator = generator;
    this.discriminator = discriminator;
    this.nz = nz;
    this.stabilisers = stabilisers;
    this.realTarget = Labels.smoothedReal(stabilisers.labelSmoothing());
    this.rng = Nd4j.getRandomFactory().getNewRandomInstance(latentSeed);
  }

  /** Fresh networks initialised from {@code settings.seed()}; latents from the same seed. */
  public static GanStep create(DcganSettings settings) {
    MultiLayerNetwork g = new MultiLayerNetwork(DcganModels.generator(settings));
    g.init();
    MultiLayerNetwork d = new MultiLayerNetwork(DcganModels.discriminator(settings));
    d.init();
    return new GanStep(g, d, settings.nz(), settings.seed(), settings.stabilisers());
  }

  public MultiLayerNetwork generator() {
    return generator;
  }

  public MultiLayerNetwork discriminator() {
    return discriminator;
  }

  /** One iteration: a D step on {@code real} and as many fakes, then a G step on as many fresh fakes. */
  public StepStats step(INDArray real) {
    StepStats.Discriminator d = trainDiscriminator(real);
    StepStats.Generator g = trainGenerator((int) real.size(0));
    for (int i = 1; i < stabilisers.generatorSteps(); i++) {
      g = trainGenerator((int) real.size(0)); // the stats report the last G step
    }
    return StepStats.of(d, g);
  }

  /** Updates D only: the real batch labelled REAL, as many fakes labelled FAKE, one Adam step. */
  public StepStats.Discriminator trainDiscriminator(INDArray real) {
    int n = (int) real.size(0);
    INDArray fakes = forward(generator, sampleLatents(n));

    BinaryCrossEntropy onReal = BinaryCrossEntropy.of(forward(discriminator, packed(noisy(real))), realTarget);
    // The network reuses one gradient array for every backward pass: keep the first one's.
    INDArray realGradient = backward(discriminator, onReal.logitGradient()).getFirst().gradient().dup();

    BinaryCrossEntropy onFake = BinaryCrossEntropy.of(forward(discriminator, packed(noisy(fakes))), Labels.FAKE);
    Gradient gradient = backward(discriminator, onFake.logitGradient()).getFirst();
    gradient.gradient().addi(realGradient);
    // A running statistic's "gradient" is an exponential-moving-average step towards the batch's
    // statistic; summing two would take a double step, averaging moves towards their mean.
    for (Map.Entry<String, INDArray> entry : gradient.gradientForVariable().entrySet()) {
      if (isRunningStatistic(entry.getKey())) {
        entry.getValue().muli(0.5);
      }
    }
    applyUpdate(discriminator, gradient, n / stabilisers.pack());
    return new StepStats.Discriminator(
        onReal.meanLoss(), onFake.meanLoss(), onReal.meanProbability(), onFake.meanProbability());
  }

  /** Updates G only: {@code n} fresh fakes labelled REAL, D's input gradient backpropagated into G. */
  public StepStats.Generator trainGenerator(int n) {
    INDArray fakes = forward(generator, sampleLatents(n));
    // Additive noise: D's gradient with respect to the noisy input is the one with respect to the
    // fakes; packing is a reshape, undone on the gradient.
    BinaryCrossEntropy asReal = BinaryCrossEntropy.of(forward(discriminator, packed(noisy(fakes))), Labels.REAL);
    INDArray inputGradient = backward(discriminator, asReal.logitGradient()).getSecond().reshape(fakes.shape());
    Gradient gradient = backward(generator, inputGradient).getFirst();
    // The loss is the mean over D's n / pack logits, whatever the pack size.
    applyUpdate(generator, gradient, n / stabilisers.pack());
    return new StepStats.Generator(asReal.meanLoss(), asReal.meanProbability());
  }

  /** {@code n} latent vectors {@code [n, nz, 1, 1]} from N(0, 1); advances this step's RNG. */
  public INDArray sampleLatents(int n) {
    INDArray z = Nd4j.createUninitialized(DataType.FLOAT, n, nz, 1, 1);
    return Nd4j.getExecutioner().exec(new GaussianDistribution(z, 0.0, 1.0), rng);
  }

  /** {@code images} plus instance noise, or {@code images} itself when there is none. */
  private INDArray noisy(INDArray images) {
    if (stabilisers.instanceNoise() <= 0) {
      return images;
    }
    INDArray noise = Nd4j.createUninitialized(DataType.FLOAT, images.shape());
    Nd4j.getExecutioner().exec(new GaussianDistribution(noise, 0.0, stabilisers.instanceNoise()), rng);
    return noise.addi(images);
  }

  /**
   * {@code [n, 3, h, w]} as D takes it: with a pack size p, consecutive groups of p images side by
   * side along channels, {@code [n/p, 3p, h, w]}. In C order that is a reshape, no copy; the images
   * of a group are from the same batch, all real or all fake.
   */
  private INDArray packed(INDArray images) {
    int p = stabilisers.pack();
    if (p == 1) {
      return images;
    }
    long n = images.size(0);
    if (n % p != 0) {
      throw new IllegalArgumentException("Batch of " + n + " images does not split into packs of " + p);
    }
    return images.reshape('c', n / p, images.size(1) * p, images.size(2), images.size(3));
  }

  /** Copies everything that determines the next iterations out of ND4J. */
  public GanState snapshot() {
    return new GanState(
        generator.params().toFloatVector(),
        discriminator.params().toFloatVector(),
        updaterState(generator).toFloatVector(),
        updaterState(discriminator).toFloatVector(),
        generator.getIterationCount(),
        discriminator.getIterationCount(),
        rng.rootState(),
        rng.nodeState());
  }

  /** Puts a snapshot (of networks with the same configurations) back, in place. */
  public void restore(GanState state) {
    assign(generator.params(), state.generatorParams(), "generator parameters");
    assign(discriminator.params(), state.discriminatorParams(), "discriminator parameters");
    assign(updaterState(generator), state.generatorUpdater(), "generator updater state");
    assign(updaterState(discriminator), state.discriminatorUpdater(), "discriminator updater state");
    generator.setIterationCount(state.generatorIterations());
    discriminator.setIterationCount(state.discriminatorIterations());
    rng.setStates(state.rngRootState(), state.rngNodeState());
  }

  @Override
  public void close() throws Exception {
    rng.close();
  }

  static boolean isRunningStatistic(String gradientKey) {
    // Keys are "<layer index>_<parameter name>".
    return RUNNING_STATISTICS.contains(gradientKey.substring(gradientKey.indexOf('_') + 1));
  }

  /** Training-mode forward pass that keeps each layer's input for the backward pass. */
  private static INDArray forward(MultiLayerNetwork net, INDArray input) {
    net.setInput(input);
    List<INDArray> activations = net.feedForward(true, false);
    return activations.get(activations.size() - 1);
  }

  /** Backward pass of the last forward pass: (parameter gradient, gradient with respect to the input). */
  private static Pair<Gradient, INDArray> backward(MultiLayerNetwork net, INDArray outputGradient) {
    return net.backpropGradient(outputGradient, LayerWorkspaceMgr.noWorkspaces());
  }

  /** What DL4J's StochasticGradientDescent does after computing a gradient: Adam, then the step. */
  private static void applyUpdate(MultiLayerNetwork net, Gradient gradient, int batch) {
    net.getUpdater().update(net, gradient, net.getIterationCount(), net.getEpochCount(), batch,
        LayerWorkspaceMgr.noWorkspaces());
    net.params().subi(gradient.gradient());
    net.setIterationCount(net.getIterationCount() + 1);
  }

  private static INDArray updaterState(MultiLayerNetwork net) {
    INDArray state = net.getUpdater().getStateViewArray();
    return state != null ? state : Nd4j.empty(DataType.FLOAT);
  }

  private static void assign(INDArray target, float[] values, String what) {
    if (target.length() != values.length) {
      throw new IllegalArgumentException("Snapshot has " + values.length + " " + what + ", network has "
          + target.length() + ": different configurations");
    }
    if (values.length > 0) {
      target.assign(Nd4j.createFromArray(values).reshape(target.shape()));
    }
  }
}
