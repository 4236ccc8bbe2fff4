package org.nftgen.gan;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.factory.Nd4j;

/** Puts a checkpoint's flat parameter vector into a freshly built network of the saved shape. */
public final class Parameters {
  private Parameters() {}

  /**
   * Assigns {@code params} to {@code net} (initialised); a vector of another length means the
   * saved settings and the checkpoint disagree, and is refused naming {@code what} it came from.
   */
  public static <M extends Model> M assign(M net, float[] params, String what) {
    if (net.params().length() != params.length) {
      throw new IllegalStateException(what + " holds " + params.length + " parameters; the network its settings "
          + "describe has " + net.params().length());
    }
    net.params().assign(Nd4j.createFromArray(params).reshape(net.params().shape()));
    return net;
  }
}
