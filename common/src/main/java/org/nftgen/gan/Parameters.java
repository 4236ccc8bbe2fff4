package org.nftgen.gan;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Puts a checkpoint's flat arrays into a network of the saved shape, refusing any other shape. */
public final class Parameters {
  private Parameters() {}

  /**
   * Assigns {@code params} to {@code net} (initialised); a vector of another length means the
   * saved settings and the checkpoint disagree, and is refused naming {@code what} it came from.
   */
  public static <M extends Model> M assign(M net, float[] params, String what) {
    assign(net.params(), params, what);
    return net;
  }

  /**
   * Copies a saved array (parameters, optimiser state, a moving average) into a network's, in
   * place; one of another length means another configuration, refused naming {@code what} it is.
   */
  public static void assign(INDArray target, float[] values, String what) {
    if (target.length() != values.length) {
      throw new IllegalStateException(what + " holds " + values.length + " values; the network its settings "
          + "describe has " + target.length());
    }
    if (values.length > 0) {
      target.assign(Nd4j.createFromArray(values).reshape(target.shape()));
    }
  }
}
