package org.nftgen.srgan;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.gan.BinaryCrossEntropy;
import org.nftgen.gan.GanStep;
import org.nftgen.gan.Labels;

/**
 * One machine's adversarial SRGAN training (phase 2): a generator G (LR -> SR) and a discriminator
 * D (HR or SR -> logit), advanced one iteration at a time on batches of patch pairs.
 *
 * <p>Same method as {@link GanStep} (see there and docs/notes.md): no combined network, no frozen layers.
 * Each iteration runs G forward once (training mode). The D step backpropagates the cross-entropy
 * of the HR batch (label REAL) and of G's output (label FAKE) through D in two passes, so batch
 * norm never mixes the two, and applies Adam once to the sum. The G step runs the updated D on
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

    BinaryCrossEntropy onReal = BinaryCrossEntropy.of(forward(discriminator, batch.hr()), Labels.REAL);
    INDArray realGradient = backward(discriminator, onReal.logitGradient()).getFirst().gradient().dup();
    BinaryCrossEntropy onFake = BinaryCrossEntropy.of(forward(discriminator, sr), Labels.FAKE);
    Gradient dGradient = backward(discriminator, onFake.logitGradient()).getFirst();
    dGradient.gradient().addi(realGradient);
    // Two passes each moved batch norm's running statistics one step: average, as GanStep does.
    for (Map.Entry<String, INDArray> entry : dGradient.gradientForVariable().entrySet()) {
      if (GanStep.isRunningStatistic(entry.getKey())) {
        entry.getValue().muli(0.5);
      }
    }
    discriminator.getUpdater().update(discriminator, dGradient, discriminator.getIterationCount(),
        discriminator.getEpochCount(), n, LayerWorkspaceMgr.noWorkspaces());
    discriminator.params().subi(dGradient.gradient());
    discriminator.setIterationCount(discriminator.getIterationCount() + 1);

    BinaryCrossEntropy asReal = BinaryCrossEntropy.of(forward(discriminator, sr), Labels.REAL);
    INDArray adversarial = backward(discriminator, asReal.logitGradient()).getSecond();
    ContentLoss.Result c = content.of(sr, batch.hr());
    // Scaled by the pixels per image: phase 1's loss layer (DL4J's CnnLossLayer) sums the per-pixel
    // loss over an image's pixels, and at the same scale phase 1's Adam state carries over into
    // phase 2. The ratio of content to adversarial term, which is what matters, is unchanged.
    long pixels = sr.size(2) * sr.size(3);
    INDArray epsilon = c.gradient().addi(adversarial.muli(adversarialWeight)).muli(pixels);
    Gradient gGradient = generator.backpropGradient(epsilon);
    generator.getUpdater().update(gGradient, generator.getIterationCount(), generator.getEpochCount(), n,
        LayerWorkspaceMgr.noWorkspaces());
    generator.params().subi(gGradient.gradient());
    generator.getConfiguration().setIterationCount(generator.getIterationCount() + 1);
    return new Stats(c.meanLoss(), asReal.meanLoss(), onReal.meanLoss(), onFake.meanLoss(),
        onReal.meanProbability(), onFake.meanProbability());
  }

  /** Copies everything that determines the next iterations out of ND4J. */
  public SrganState snapshot() {
    return new SrganState(generator.params().toFloatVector(), discriminator.params().toFloatVector(),
        updaterState(generator.getUpdater().getStateViewArray()).toFloatVector(),
        updaterState(discriminator.getUpdater().getStateViewArray()).toFloatVector(),
        generator.getIterationCount(), discriminator.getIterationCount());
  }

  /** Puts a snapshot (of networks with the same configurations) back, in place. */
  public void restore(SrganState state) {
    GanStep.assign(generator.params(), state.generatorParams(), "generator parameters");
    GanStep.assign(discriminator.params(), state.discriminatorParams(), "discriminator parameters");
    GanStep.assign(updaterState(generator.getUpdater().getStateViewArray()), state.generatorUpdater(), "generator updater state");
    GanStep.assign(updaterState(discriminator.getUpdater().getStateViewArray()), state.discriminatorUpdater(),
        "discriminator updater state");
    generator.getConfiguration().setIterationCount(state.generatorIterations());
    discriminator.setIterationCount(state.discriminatorIterations());
  }

  private static INDArray forward(MultiLayerNetwork net, INDArray input) {
    net.setInput(input);
    List<INDArray> activations = net.feedForward(true, false);
    return activations.get(activations.size() - 1);
  }

  private static org.nd4j.common.primitives.Pair<Gradient, INDArray> backward(MultiLayerNetwork net, INDArray eps) {
    return net.backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces());
  }

  private static INDArray updaterState(INDArray state) {
    return state != null ? state : Nd4j.empty(DataType.FLOAT);
  }
}
