package org.nftgen.gan;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What every hand-written layer configuration's {@code instantiate} does with its working layer. */
public final class LayerWiring {
  private LayerWiring() {}

  /**
   * Hands {@code layer} its listeners, index and slice of the network's flat parameters, lets the
   * configuration's parameter initialiser lay out (and, when {@code initialize}, fill) that slice,
   * and returns the layer.
   */
  public static <L extends Layer> L wire(L layer, NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
      int index, INDArray paramsView, boolean initialize) {
    layer.setListeners(listeners);
    layer.setIndex(index);
    layer.setParamsViewArray(paramsView);
    layer.setParamTable(conf.getLayer().initializer().init(conf, paramsView, initialize));
    layer.setConf(conf);
    return layer;
  }
}
