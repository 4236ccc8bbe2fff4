package org.nftgen.dcgan;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The maths of {@link ConditionalModulationLayer} on NCHW arrays {@code x = [n, C, h, w]} and the
 * condition {@code c = [n, w]}: {@code m = k (c W + b) = [gain - 1 | shift]} of {@code [n, 2C]},
 * {@code y = x (1 + m_gain) + m_shift} per image and channel. Given {@code e = dL/dy}:
 * {@code dL/dx = e (1 + m_gain)}, {@code dL/dm = [sum_hw e x | sum_hw e]}, {@code dL/dW = k c^T dL/dm},
 * {@code dL/db = k sum_n dL/dm} (per-example sums, as DL4J's layers give them).
 */
final class ConditionalModulation extends BaseLayer<ConditionalModulationLayer> {
  /** The condition of the forward pass that made {@link #input}, for the backward pass. */
  private INDArray condition;

  ConditionalModulation(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    INDArray x = input.castTo(dataType);
    checkShape(x);
    condition = ConditionTap.current(x.size(0), layerConf().getNIn());
    INDArray m = modulation(condition);
    long channels = layerConf().channels();
    INDArray scale = half(m, 0, channels).add(1.0);
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
    Nd4j.getExecutioner().exec(new BroadcastMulOp(x, scale, out, 0, 1));
    Nd4j.getExecutioner().exec(new BroadcastAddOp(out, half(m, channels, 2 * channels), out, 0, 1));
    return out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    if (condition == null || condition.size(0) != input.size(0)) {
      throw new IllegalStateException("Conditional batch norm: a backward pass without its forward pass");
    }
    INDArray x = input.castTo(dataType);
    INDArray e = epsilon.castTo(dataType);
    long channels = layerConf().channels();
    INDArray scale = half(modulation(condition), 0, channels).add(1.0);
    INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
    Nd4j.getExecutioner().exec(new BroadcastMulOp(e, scale, dx, 0, 1));
    INDArray dm = Nd4j.hstack(e.mul(x).sum(2, 3), e.sum(2, 3));
    INDArray dW = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
    INDArray db = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
    double k = layerConf().getScale();
    dW.assign(condition.transpose().mmul(dm).muli(k));
    db.assign(dm.sum(true, 0).muli(k));
    Gradient g = new DefaultGradient();
    g.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, dW);
    g.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, db);
    return new Pair<>(g, dx);
  }

  /** {@code k (c W + b)}: {@code [n, 2C]}. */
  private INDArray modulation(INDArray c) {
    INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
    INDArray b = getParam(DefaultParamInitializer.BIAS_KEY);
    return c.castTo(dataType).mmul(w).addiRowVector(b).muli(layerConf().getScale());
  }

  private static INDArray half(INDArray m, long from, long to) {
    return m.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup('c');
  }

  private void checkShape(INDArray x) {
    if (x.rank() != 4 || x.size(1) != layerConf().channels()) {
      throw new IllegalArgumentException("Conditional batch norm of " + layerConf().channels()
          + " channels given " + java.util.Arrays.toString(x.shape()));
    }
  }

  @Override
  public boolean isPretrainLayer() {
    return false;
  }

  @Override
  public void clearNoiseWeightParams() {
    // No weight noise.
  }

  @Override
  public Type type() {
    return Type.FEED_FORWARD;
  }
}
