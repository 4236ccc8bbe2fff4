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
    return kept.preOutput(input, training, forBackprop, layerConf().getActivationFn(),
        () -> super.preOutput(training, forBackprop, workspaceMgr));
  }
}
