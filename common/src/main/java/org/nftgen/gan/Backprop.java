package org.nftgen.gan;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The DL4J plumbing every GAN step shares (the DCGAN's and blend's {@link GanStep}, the SRGAN's
 * adversarial phase): forward and backward passes driven by hand, DL4J's optimiser step, the
 * discriminator's two-pass update, and the optimiser state of a snapshot.
 *
 * <p>Why by hand: a GAN's losses are not a DL4J loss layer's (the generator's gradient comes back
 * through D, several Ds' losses combine per image), so the steps take the gradient with respect to
 * a network's output from an {@link AdversarialLoss} and run the network's backward pass on it.
 */
public final class Backprop {
  /** Batch-norm running statistics: stored as parameters, updated through their "gradient". */
  private static final List<String> RUNNING_STATISTICS = List.of(
      BatchNormalizationParamInitializer.GLOBAL_MEAN,
      BatchNormalizationParamInitializer.GLOBAL_VAR,
      BatchNormalizationParamInitializer.GLOBAL_LOG_STD);

  private Backprop() {}

  /** Training-mode forward pass that keeps each layer's input for the backward pass. */
  public static INDArray forward(MultiLayerNetwork net, INDArray input) {
    net.setInput(input);
    List<INDArray> activations = net.feedForward(true, false);
    return activations.get(activations.size() - 1);
  }

  /** Backward pass of the last forward pass: (parameter gradient, gradient with respect to the input). */
  public static Pair<Gradient, INDArray> backward(MultiLayerNetwork net, INDArray outputGradient) {
    return net.backpropGradient(outputGradient, LayerWorkspaceMgr.noWorkspaces());
  }

  /**
   * The gradient with respect to the input of the last forward pass, for a step that updates
   * another network: layers that can ({@link InputGradientOnly}) skip their parameter gradients,
   * a third of a convolution's backward pass. The network's parameter gradient is left undefined.
   */
  public static INDArray inputGradient(MultiLayerNetwork net, INDArray outputGradient) {
    List<InputGradientOnly> skipping = java.util.Arrays.stream(net.getLayers())
        .filter(InputGradientOnly.class::isInstance).map(InputGradientOnly.class::cast).toList();
    skipping.forEach(layer -> layer.setInputGradientOnly(true));
    try {
      return backward(net, outputGradient).getSecond();
    } finally {
      skipping.forEach(layer -> layer.setInputGradientOnly(false));
    }
  }

  /** What DL4J's StochasticGradientDescent does after computing a gradient: Adam, then the step. */
  public static void applyUpdate(MultiLayerNetwork net, Gradient gradient, int batch) {
    net.getUpdater().update(net, gradient, net.getIterationCount(), net.getEpochCount(), batch,
        LayerWorkspaceMgr.noWorkspaces());
    net.params().subi(gradient.gradient());
    net.setIterationCount(net.getIterationCount() + 1);
  }

  /** The same for a graph (the SRGAN's generator). */
  public static void applyUpdate(ComputationGraph net, Gradient gradient, int batch) {
    net.getUpdater().update(gradient, net.getIterationCount(), net.getEpochCount(), batch,
        LayerWorkspaceMgr.noWorkspaces());
    net.params().subi(gradient.gradient());
    net.getConfiguration().setIterationCount(net.getIterationCount() + 1);
  }

  /**
   * Updates D once from a real and a fake batch: each judged by {@code loss} in a pass of its own
   * (so batch norm never mixes them), the two gradients summed with the optional {@code penalty}'s,
   * one optimiser step over {@code batch} logits.
   */
  public static StepStats.Discriminator discriminatorStep(MultiLayerNetwork discriminator, AdversarialLoss loss,
      float realTarget, INDArray real, INDArray fake, int batch) {
    return discriminatorStep(discriminator, loss, realTarget, real, fake, TraitProjection.none(), null, batch);
  }

  static StepStats.Discriminator discriminatorStep(MultiLayerNetwork discriminator, AdversarialLoss loss,
      float realTarget, INDArray real, INDArray fake, TraitProjection projection, INDArray penalty, int batch) {
    INDArray realOutput = forward(discriminator, real);
    LogitLoss onReal = loss.onReal(projection.logits(realOutput), realTarget);
    INDArray realOutputGradient = projection.outputGradient(onReal.logitGradient());
    // D learns to classify traits on real images only: on fakes it would learn G's mistakes.
    double traitLoss = projection.addClassificationGradient(realOutput, realOutputGradient);
    // The network reuses one gradient array for every backward pass: keep the first one's.
    INDArray realGradient = backward(discriminator, realOutputGradient).getFirst().gradient().dup();
    LogitLoss onFake = loss.onFake(projection.logits(forward(discriminator, fake)));
    Gradient gradient = backward(discriminator, projection.outputGradient(onFake.logitGradient())).getFirst();
    gradient.gradient().addi(realGradient);
    if (penalty != null) {
      gradient.gradient().addi(penalty);
    }
    // A running statistic's "gradient" is an exponential-moving-average step towards the batch's
    // statistic; summing two would take a double step, averaging moves towards their mean.
    for (Map.Entry<String, INDArray> entry : gradient.gradientForVariable().entrySet()) {
      if (isRunningStatistic(entry.getKey())) {
        entry.getValue().muli(0.5);
      }
    }
    applyUpdate(discriminator, gradient, batch);
    return new StepStats.Discriminator(
        onReal.meanLoss(), onFake.meanLoss(), onReal.meanProbability(), onFake.meanProbability(), traitLoss);
  }

  /** Zeroes the running statistics' "gradients": penalties are on parameters only. */
  static void withoutRunningStatistics(Gradient gradient) {
    for (Map.Entry<String, INDArray> entry : gradient.gradientForVariable().entrySet()) {
      if (isRunningStatistic(entry.getKey())) {
        entry.getValue().assign(0);
      }
    }
  }

  public static boolean isRunningStatistic(String gradientKey) {
    // Keys are "<layer index>_<parameter name>".
    return RUNNING_STATISTICS.contains(gradientKey.substring(gradientKey.indexOf('_') + 1));
  }

  /** A network's optimiser state; empty for an optimiser that keeps none (plain SGD). */
  public static INDArray updaterState(INDArray stateView) {
    return stateView != null ? stateView : Nd4j.empty(DataType.FLOAT);
  }
}
