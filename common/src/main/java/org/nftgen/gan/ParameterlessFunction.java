package org.nftgen.gan;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The working side of a {@link ParameterlessLayer}: a function of the input and its backward pass,
 * both recomputed from the input alone (no state a forward pass without a backward one could leave
 * stale), wired into DL4J's layer interface.
 */
public abstract class ParameterlessFunction<C extends ParameterlessLayer> extends AbstractLayer<C> {

  protected ParameterlessFunction(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** The output for input {@code x}. */
  protected abstract INDArray apply(INDArray x);

  /** {@code dL/dx} for input {@code x} and output gradient {@code e}. */
  protected abstract INDArray gradient(INDArray x, INDArray e);

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, apply(input.castTo(dataType)));
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    INDArray dx = gradient(input.castTo(dataType), epsilon.castTo(dataType));
    return new Pair<>(new DefaultGradient(), workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, dx));
  }

  @Override
  public double calcRegularizationScore(boolean backpropParamsOnly) {
    return 0;
  }

  @Override
  public Type type() {
    return Type.FEED_FORWARD;
  }

  @Override
  public boolean isPretrainLayer() {
    return false;
  }

  @Override
  public void clearNoiseWeightParams() {
    // No parameters.
  }

  @Override
  public INDArray params() {
    return null;
  }
}
