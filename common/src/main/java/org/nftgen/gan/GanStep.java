package org.nftgen.gan;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.data.TraitLabels;

/**
 * One machine's GAN training: a generator G, one or more discriminators D_k and the latent RNG,
 * advanced one iteration at a time on batches of real images ({@code [n, 3, r, r]}, NCHW, values in
 * [-1, 1]), one batch per discriminator. The DCGAN has one D; the blend GAN has one per collection,
 * each trained only on its own collection's images against the shared generator's fakes.
 *
 * <p>No combined G+D network, no frozen layers, no parameter copies (see docs/notes.md: the frozen-D trick
 * breaks on D's batch norm). Each D step backpropagates the {@link AdversarialLoss} of the real
 * batch (for cross-entropy: label REAL) and of a batch of fakes (label FAKE), each through its own
 * forward pass so that batch norm never mixes real and fake statistics, and applies Adam once to
 * the sum, as the DCGAN reference does; with spectral normalisation D's weights are then projected
 * back to unit spectral norm ({@link SpectralNorm}). The G step scores fresh fakes with the
 * generator's loss (for cross-entropy: labelled REAL) for every D, combines the per-image losses with the
 * {@link GeneratorLoss} (with one D, that is its loss), backpropagates each D's weighted logit
 * gradient through that D only to get the gradient with respect to its input (D's convolutions
 * skip their parameter gradients there, and nothing is applied to any D), sums those into G and applies
 * G's Adam to G.
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
  private final MultiLayerNetwork generator;
  private final List<MultiLayerNetwork> discriminators;
  private final GeneratorLoss generatorLoss;
  private final int nz;
  /** The traits a conditional DCGAN is conditioned on; null for an unconditional GAN. */
  private final TraitLabels conditions;
  /** Numbers of a condition vector, 0 for an unconditional GAN. */
  private final int conditionWidth;
  /** Values per trait type of the conditions, null for an unconditional GAN. */
  private final int[] classCounts;
  private final Random rng;
  private final Stabilisers stabilisers;
  private final float realTarget;
  private final AdversarialLoss loss;
  /** Moving average of G's flat parameters, or null when training keeps none. */
  private final INDArray generatorAverage;
  /** How far the generator's loss is the configured one rather than the per-image minimum (blend warm-up). */
  private double conjunction = 1.0;
  /** A second generator holding the averaged weights, built on first use by {@link #sampler()}. */
  private MultiLayerNetwork averagedGenerator;
  /**
   * The fakes of the latest D step, whose forward pass G still holds: the iteration's first G step
   * backpropagates through them instead of running G again (as the PyTorch DCGAN reuses its D
   * step's fakes). Null when G ran since, or no D step made any.
   */
  private Fakes latestFakes;

  /** Latents, their conditions (null when unconditional) and the images G made of them. */
  private record Fakes(INDArray latents, INDArray condition, INDArray images) {}

  /**
   * Takes ownership of initialised networks made from {@code org.nftgen.dcgan.DcganModels}; latents, and instance
   * noise if any, come from an ND4J RNG of their own seeded with {@code latentSeed}, independent of
   * ND4J's global one.
   */
  public GanStep(MultiLayerNetwork generator, List<MultiLayerNetwork> discriminators, GeneratorLoss generatorLoss,
      int nz, TraitLabels conditions, long latentSeed, Stabilisers stabilisers) {
    if (discriminators.isEmpty()) {
      throw new IllegalArgumentException("A GAN needs a discriminator");
    }
    if (conditions != null && discriminators.size() > 1) {
      // The projection and its classification are one D's judgement; the blend does not condition.
      throw new IllegalArgumentException("A conditional GAN has one discriminator, not " + discriminators.size());
    }
    this.generator = generator;
    this.discriminators = List.copyOf(discriminators);
    this.generatorLoss = generatorLoss;
    this.nz = nz;
    this.conditions = conditions;
    this.conditionWidth = conditions == null ? 0 : TraitCondition.width(conditions);
    this.classCounts = conditions == null ? null
        : java.util.stream.IntStream.range(0, conditions.types().size()).map(conditions::classCount).toArray();
    this.stabilisers = stabilisers;
    this.realTarget = Labels.smoothedReal(stabilisers.labelSmoothing());
    this.loss = stabilisers.loss();
    this.rng = Nd4j.getRandomFactory().getNewRandomInstance(latentSeed);
    this.generatorAverage = stabilisers.generatorAverage() > 0 ? generator.params().dup() : null;
    if (stabilisers.spectralNorm()) {
      this.discriminators.forEach(SpectralNorm::project);
    }
  }

  /** The generator being trained (its latest weights). */
  public MultiLayerNetwork generator() {
    return generator;
  }

  /**
   * The generator to sample from: with a moving average of G's weights, a network holding those
   * (refreshed on every call); otherwise {@link #generator()} itself. Use it in inference mode.
   */
  public MultiLayerNetwork sampler() {
    if (generatorAverage == null) {
      return generator;
    }
    if (averagedGenerator == null) {
      averagedGenerator = generator.clone();
    }
    averagedGenerator.params().assign(generatorAverage);
    return averagedGenerator;
  }

  /**
   * Sets how far the generator's per-image loss is the configured {@link GeneratorLoss} (1, the
   * default) rather than the minimum over the discriminators (0); see
   * {@link GeneratorLoss#weights(double[][], double[], double)}. With one discriminator both are the same.
   */
  public void setConjunction(double conjunction) {
    if (!(conjunction >= 0 && conjunction <= 1)) {
      throw new IllegalArgumentException("conjunction " + conjunction + " outside [0, 1]");
    }
    this.conjunction = conjunction;
  }

  /** The only discriminator of a single-discriminator GAN (the DCGAN). */
  public MultiLayerNetwork discriminator() {
    if (discriminators.size() != 1) {
      throw new IllegalStateException("This GAN has " + discriminators.size() + " discriminators");
    }
    return discriminators.get(0);
  }

  public List<MultiLayerNetwork> discriminators() {
    return discriminators;
  }

  /** One DCGAN iteration: a D step on {@code real} and as many fakes, then G steps on fresh fakes. */
  public StepStats step(INDArray real) {
    return step(real, null);
  }

  /**
   * One iteration of a conditional DCGAN: {@code condition [n, width]} holds the real images' traits
   * ({@code org.nftgen.gan.TraitCondition}), and the fakes of both steps are made for the same
   * traits, so G learns the collection's rarities and D judges each image against its traits.
   */
  public StepStats step(INDArray real, INDArray condition) {
    StepStats.Discriminator d = trainDiscriminator(0, real, condition);
    double diversity = real.size(0) < 2 ? 1 : BatchDiversity.ratio(latestFakes.images(), real);
    StepStats.Generator g = trainGenerators((int) real.size(0), condition);
    NativeMemory.reclaimIfGrown();
    return StepStats.of(d, g, diversity);
  }

  /**
   * One iteration of a GAN with several discriminators: each D_k steps on its own real batch
   * {@code reals.get(k)} and as many fresh fakes, then G steps against all of them.
   */
  public List<StepStats.Discriminator> stepAll(List<INDArray> reals, StepStats.Generator[] generatorStats) {
    if (reals.size() != discriminators.size()) {
      throw new IllegalArgumentException(reals.size() + " real batches for " + discriminators.size() + " discriminators");
    }
    List<StepStats.Discriminator> stats = new ArrayList<>();
    for (int k = 0; k < reals.size(); k++) {
      stats.add(trainDiscriminator(k, reals.get(k)));
    }
    generatorStats[0] = trainGenerators((int) reals.get(0).size(0), null);
    NativeMemory.reclaimIfGrown();
    return stats;
  }

  /** The iteration's G steps: the first on the D step's fakes, any further ones on fresh fakes. */
  private StepStats.Generator trainGenerators(int n, INDArray condition) {
    Fakes reused = latestFakes != null && latestFakes.condition() == condition ? latestFakes : null;
    StepStats.Generator g = trainGenerator(reused != null ? reused : fakes(n, condition), condition);
    for (int i = 1; i < stabilisers.generatorSteps(); i++) {
      g = trainGenerator(fakes(n, condition), condition); // the stats report the last G step
    }
    return g;
  }

  /** {@code n} fresh fakes for {@code condition}: a training-mode G forward pass that G keeps for backward. */
  private Fakes fakes(int n, INDArray condition) {
    latestFakes = null; // G's stored forward pass is this one's from now on
    INDArray latents = sampleLatents(n);
    return new Fakes(latents, condition,
        Backprop.forward(generator, TraitCondition.generatorInput(latents, condition, conditions)));
  }

  /** Updates D only: the real batch labelled REAL, as many fakes labelled FAKE, one Adam step. */
  public StepStats.Discriminator trainDiscriminator(INDArray real) {
    return trainDiscriminator(0, real);
  }

  /** Updates D_k only: the real batch labelled REAL, as many fakes labelled FAKE, one Adam step. */
  public StepStats.Discriminator trainDiscriminator(int k, INDArray real) {
    return trainDiscriminator(k, real, null);
  }

  /** Updates D_k only, for a conditional GAN with the real images' conditions (fakes made for the same). */
  public StepStats.Discriminator trainDiscriminator(int k, INDArray real, INDArray condition) {
    MultiLayerNetwork discriminator = discriminators.get(k);
    int n = (int) real.size(0);
    TraitProjection projection = projection(condition, n);
    Fakes made = fakes(n, condition);
    INDArray fakes = made.images();

    INDArray realSeen = seenByDiscriminator(real).input();
    // Before the real pass: the penalty's own passes reuse the network's gradient array.
    INDArray penalty = r1Due(discriminator)
        ? R1Penalty.of(discriminator, projection, realSeen, stabilisers.r1Gamma() * stabilisers.r1Every(), rng)
            .gradient()
        : null;
    StepStats.Discriminator stats = Backprop.discriminatorStep(discriminator, loss, realTarget, realSeen,
        seenByDiscriminator(fakes).input(), projection, penalty, n / stabilisers.pack());
    if (stabilisers.spectralNorm()) {
      SpectralNorm.project(discriminator);
    }
    latestFakes = made;
    return stats;
  }

  /** Whether this D step of {@code discriminator} carries the lazy R1 penalty. */
  private boolean r1Due(MultiLayerNetwork discriminator) {
    return stabilisers.r1Gamma() > 0 && discriminator.getIterationCount() % stabilisers.r1Every() == 0;
  }

  /**
   * Images as D takes them: augmented ({@link DiffAugment}), with instance noise, packed; and the
   * way back for a gradient with respect to D's input. Noise is additive and packing a reshape, so
   * only the augmentation changes the gradient.
   */
  private record Seen(INDArray input, DiffAugment.Applied augmentation, long[] shape) {
    INDArray imageGradient(INDArray inputGradient) {
      return augmentation.backward(inputGradient.reshape(shape));
    }
  }

  private Seen seenByDiscriminator(INDArray images) {
    DiffAugment.Applied augmented = DiffAugment.apply(images, stabilisers.augment(), rng);
    return new Seen(packed(noisy(augmented.output())), augmented, images.shape());
  }

  /**
   * Updates G only: {@code n} fresh fakes labelled REAL for every D, their per-image losses combined
   * by the {@link GeneratorLoss}, each D's share of the gradient backpropagated through it into G.
   */
  public StepStats.Generator trainGenerator(int n) {
    return trainGenerator(n, null);
  }

  /** Updates G only, for a conditional GAN with fakes made for {@code condition [n, width]}. */
  public StepStats.Generator trainGenerator(int n, INDArray condition) {
    projection(condition, n); // refuses misshapen conditions before G runs
    return trainGenerator(fakes(n, condition), condition);
  }

  private StepStats.Generator trainGenerator(Fakes made, INDArray condition) {
    latestFakes = null; // G's backward pass below consumes its stored forward pass
    INDArray latents = made.latents();
    INDArray fakes = made.images();
    int n = (int) fakes.size(0);
    TraitProjection projection = projection(condition, n);
    Seen seen = seenByDiscriminator(fakes);
    INDArray fakesSeen = seen.input();
    int count = discriminators.size();
    LogitLoss[] asReal = new LogitLoss[count];
    INDArray[] outputs = new INDArray[count];
    double[][] losses = new double[count][];
    for (int k = 0; k < count; k++) {
      outputs[k] = Backprop.forward(discriminators.get(k), fakesSeen);
      asReal[k] = loss.forGenerator(projection.logits(outputs[k]));
      losses[k] = asReal[k].losses().reshape(-1).toDoubleVector();
    }
    double[] combined = new double[losses[0].length];
    double[][] weights = generatorLoss.weights(losses, combined, conjunction);
    INDArray inputGradient = null;
    double[] meanFake = new double[count];
    double[] chosen = new double[count];
    double traitLoss = 0;
    for (int k = 0; k < count; k++) {
      MultiLayerNetwork discriminator = discriminators.get(k);
      // Each network keeps its own layers' inputs, so D_k's forward pass above is still there to
      // backpropagate through. A weight of 0 (MAX, where D_k was not the max) sends nothing.
      INDArray logitGradient = asReal[k].logitGradient().mul(
          Nd4j.createFromArray(weights[k]).castTo(DataType.FLOAT).reshape(asReal[k].logitGradient().shape()));
      INDArray outputGradient = projection.outputGradient(logitGradient);
      // G is scored on D reading the values each fake was made for (a conditional GAN has one D).
      traitLoss += projection.addClassificationGradient(outputs[k], outputGradient);
      INDArray fromK = Backprop.inputGradient(discriminator, outputGradient);
      inputGradient = inputGradient == null ? fromK.dup() : inputGradient.addi(fromK);
      meanFake[k] = asReal[k].meanProbability();
      chosen[k] = java.util.Arrays.stream(weights[k]).average().orElse(0);
    }
    INDArray fakeGradient = seen.imageGradient(inputGradient);
    if (stabilisers.modeSeeking() > 0) {
      // The term is per batch; applyUpdate divides by D's logits, so scale it up by as many.
      fakeGradient = fakeGradient.add(ModeSeeking.of(fakes, latents, stabilisers.modeSeeking()).imageGradient()
          .muli(n / stabilisers.pack()));
    }
    Gradient gradient = Backprop.backward(generator, fakeGradient).getFirst();
    // The loss is the mean over D's n / pack logits, whatever the pack size.
    Backprop.applyUpdate(generator, gradient, n / stabilisers.pack());
    if (generatorAverage != null) {
      double decay = averageDecay(stabilisers.generatorAverage(), generator.getIterationCount());
      generatorAverage.muli(decay).addi(generator.params().mul(1 - decay));
    }
    return new StepStats.Generator(java.util.Arrays.stream(combined).average().orElse(0), meanFake[0], meanFake,
        chosen, traitLoss);
  }

  /** How D's output becomes logits for these conditions; refuses a missing or misshapen condition. */
  private TraitProjection projection(INDArray condition, int n) {
    if (conditionWidth == 0 && condition != null) {
      throw new IllegalArgumentException("Conditions given to an unconditional GAN");
    }
    if (conditionWidth > 0 && (condition == null || condition.rank() != 2 || condition.size(0) != n
        || condition.size(1) != conditionWidth)) {
      throw new IllegalArgumentException("A conditional GAN needs [" + n + ", " + conditionWidth
          + "] trait conditions, got " + (condition == null ? "none" : java.util.Arrays.toString(condition.shape())));
    }
    return TraitProjection.of(condition, stabilisers.pack(), classCounts, stabilisers.traitClassification());
  }

  /** Numbers of this GAN's condition vector; 0 when it is unconditional. */
  public int conditionWidth() {
    return conditionWidth;
  }

  /**
   * The moving average's decay after {@code steps} G updates: the configured one, but never more
   * than (1 + steps) / (10 + steps), as TensorFlow's ExponentialMovingAverage does with a step
   * count. Early on the average follows G closely instead of holding on to the random
   * initialisation for thousands of steps (0.999^500 still keeps 61% of it).
   */
  static double averageDecay(double decay, int steps) {
    return Math.min(decay, (1.0 + steps) / (10.0 + steps));
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
        concatenated(discriminators, MultiLayerNetwork::params),
        updaterState(generator).toFloatVector(),
        concatenated(discriminators, GanStep::updaterState),
        generator.getIterationCount(),
        discriminators.get(0).getIterationCount(),
        rng.rootState(),
        rng.nodeState(),
        generatorAverage == null ? new float[0] : generatorAverage.toFloatVector());
  }

  /** Puts a snapshot (of networks with the same configurations) back, in place. */
  public void restore(GanState state) {
    Parameters.assign(generator.params(), state.generatorParams(), "generator parameters");
    assignSplit(discriminators, MultiLayerNetwork::params, state.discriminatorParams(), "discriminator parameters");
    Parameters.assign(updaterState(generator), state.generatorUpdater(), "generator updater state");
    assignSplit(discriminators, GanStep::updaterState, state.discriminatorUpdater(), "discriminator updater state");
    if (generatorAverage != null) {
      // A state saved without an average (training had none) starts the average at its weights.
      float[] average = state.generatorAverage().length > 0 ? state.generatorAverage() : state.generatorParams();
      Parameters.assign(generatorAverage, average, "generator moving average");
    }
    generator.setIterationCount(state.generatorIterations());
    for (MultiLayerNetwork d : discriminators) {
      d.setIterationCount(state.discriminatorIterations());
    }
    rng.setStates(state.rngRootState(), state.rngNodeState());
  }

  @Override
  public void close() throws Exception {
    rng.close();
  }

  private static INDArray updaterState(MultiLayerNetwork net) {
    return Backprop.updaterState(net.getUpdater().getStateViewArray());
  }

  /** The discriminators' arrays one after another: a GanState holds them as one. */
  private static float[] concatenated(List<MultiLayerNetwork> nets, Function<MultiLayerNetwork, INDArray> array) {
    if (nets.size() == 1) {
      return array.apply(nets.get(0)).toFloatVector();
    }
    float[][] parts = nets.stream().map(n -> array.apply(n).toFloatVector()).toArray(float[][]::new);
    float[] all = new float[java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum()];
    int at = 0;
    for (float[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  private static void assignSplit(List<MultiLayerNetwork> nets, Function<MultiLayerNetwork, INDArray> array,
      float[] values, String what) {
    long total = nets.stream().mapToLong(n -> array.apply(n).length()).sum();
    if (total != values.length) {
      throw new IllegalArgumentException("Snapshot has " + values.length + " " + what + ", networks have "
          + total + ": different configurations");
    }
    int at = 0;
    for (MultiLayerNetwork net : nets) {
      INDArray target = array.apply(net);
      int length = (int) target.length();
      Parameters.assign(target, java.util.Arrays.copyOfRange(values, at, at + length), what);
      at += length;
    }
  }

}
