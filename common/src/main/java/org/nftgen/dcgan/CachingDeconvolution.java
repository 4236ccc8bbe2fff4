package org.nftgen.dcgan;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.convolution.Deconvolution2DLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** DL4J's transposed convolution, with the forward pass's pre-activation kept for the backward pass ({@link KeptPreOutput}). */
final class CachingDeconvolution extends Deconvolution2DLayer {
  private final KeptPreOutput kept = new KeptPreOutput();

  CachingDeconvolution(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  protected Pair<INDArray, INDArray> preOutput(boolean training, boolean forBackprop, LayerWorkspaceMgr workspaceMgr) {
    INDArray preOutput = forBackprop ? kept.take(input) : null;
    if (preOutput != null) {
      return new Pair<>(preOutput, null);
    }
    Pair<INDArray, INDArray> computed = super.preOutput(training, forBackprop, workspaceMgr);
    if (!forBackprop) {
      kept.keep(training, input, computed.getFirst(), layerConf().getActivationFn());
    }
    return computed;
  }
}
