package org.nftgen.srgan;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nftgen.gan.AdversarialLoss;
import org.nftgen.gan.Backprop;
import org.nftgen.gan.GanStep;
import org.nftgen.gan.Labels;
import org.nftgen.gan.Parameters;
import org.nftgen.gan.LogitLoss;
import org.nftgen.gan.NativeMemory;
import org.nftgen.gan.StepStats;

/**
 * One machine's adversarial SRGAN training (phase 2): a generator G (LR -> SR) and a discriminator
 * D (HR or SR -> logit), advanced one iteration at a time on batches of patch pairs.
 *
 * <p>Same method and plumbing as {@link GanStep} ({@link Backprop}; see docs/notes.md): no combined
 * network, no frozen layers. Each iteration runs G forward once (training mode). The D step is
 * {@link Backprop#discriminatorStep}: the cross-entropy of the HR batch (label REAL) and of G's
 * output (label FAKE), two passes so that batch norm never mixes the two, one Adam step. The G step runs the updated D on
 * the same SR batch labelled REAL, takes D's gradient with respect to its input (nothing is
 * applied to D), scales it by the adversarial weight, adds the content loss's gradient, and
 * backpropagates the sum through G's stored forward pass into G's Adam.
 *
 * <p>Not thread-safe: a Spark executor builds one per task thread.
 */
public final class SrganStep {
  private final ComputationGraph generator;
  private final MultiLayerNetwork discriminator;
  private final ContentLoss content;
  private final double adversarialWeight;
  /** The paper's: cross-entropy, non-saturating for G. */
  private final AdversarialLoss loss = AdversarialLoss.BCE;

  public SrganStep(ComputationGraph generator, MultiLayerNetwork discriminator, ContentLoss content,
      double adversarialWeight) {
    this.generator = generator;
    this.discriminator = discriminator;
    this.content = content;
    this.adversarialWeight = adversarialWeight;
  }

  /** Fresh networks initialised from {@code settings.seed()}, pixel content loss. */
  public static SrganStep create(SrganSettings settings) {
    ComputationGraph g = new ComputationGraph(SrganModels.generator(settings, false));
    g.init();
    MultiLayerNetwork d = new MultiLayerNetwork(SrganModels.discriminator(settings));
    d.init();
    return new SrganStep(g, d, ContentLoss.pixels(settings.l1Weight()), settings.adversarialWeight());
  }

  public ComputationGraph generator() {
    return generator;
  }

  /** What one iteration measured, from the forward passes its updates used. */
  public record Stats(double contentLoss, double adversarialLoss, double dLossReal, double dLossFake,
      double meanDReal, double meanDFake) {}

  /** One iteration: a D step on the HR batch and G's output, then a G step on the same output. */
  public Stats step(Patches.Batch batch) {
    int n = (int) batch.hr().size(0);
    // Training mode, and the layers keep their inputs for G's backward pass at the end of the step.
    INDArray sr = generator.feedForward(new INDArray[] {batch.lr()}, true, false).get(SrganModels.OUTPUT)
        .add(batch.base()); // the base is a constant: the gradient with respect to sr is G's output gradient

    StepStats.Discriminator d = Backprop.discriminatorStep(discriminator, loss, Labels.REAL, batch.hr(), sr, n);

    LogitLoss asReal = loss.forGenerator(Backprop.forward(discriminator, sr));
    INDArray adversarial = Backprop.backward(discriminator, asReal.logitGradient()).getSecond();
    ContentLoss.Result c = content.of(sr, batch.hr());
    // Scaled by the pixels per image: phase 1's loss layer (DL4J's CnnLossLayer) sums the per-pixel
    // loss over an image's pixels, and at the same scale phase 1's Adam state carries over into
    // phase 2. The ratio of content to adversarial term, which is what matters, is unchanged.
    long pixels = sr.size(2) * sr.size(3);
    INDArray epsilon = c.gradient().addi(adversarial.muli(adversarialWeight)).muli(pixels);
    Backprop.applyUpdate(generator, generator.backpropGradient(epsilon), n);
    NativeMemory.reclaimIfGrown();
    return new Stats(c.meanLoss(), asReal.meanLoss(), d.lossReal(), d.lossFake(), d.meanReal(), d.meanFake());
  }

  /** Copies everything that determines the next iterations out of ND4J. */
  public SrganState snapshot() {
    return new SrganState(generator.params().toFloatVector(), discriminator.params().toFloatVector(),
        Backprop.updaterState(generator.getUpdater().getStateViewArray()).toFloatVector(),
        Backprop.updaterState(discriminator.getUpdater().getStateViewArray()).toFloatVector(),
        generator.getIterationCount(), discriminator.getIterationCount());
  }

  /** Puts a snapshot (of networks with the same configurations) back, in place. */
  public void restore(SrganState state) {
    Parameters.assign(generator.params(), state.generatorParams(), "generator parameters");
    Parameters.assign(discriminator.params(), state.discriminatorParams(), "discriminator parameters");
    Parameters.assign(Backprop.updaterState(generator.getUpdater().getStateViewArray()), state.generatorUpdater(),
        "generator updater state");
    Parameters.assign(Backprop.updaterState(discriminator.getUpdater().getStateViewArray()),
        state.discriminatorUpdater(), "discriminator updater state");
    generator.getConfiguration().setIterationCount(state.generatorIterations());
    discriminator.setIterationCount(state.discriminatorIterations());
  }
}
