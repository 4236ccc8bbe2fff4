package org.nftgen.dcgan;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** For layers that read an array's native buffer directly, value by value in C order. */
final class PlainArrays {
  private PlainArrays() {}

  /**
   * {@code a} itself when its buffer holds exactly its values in C order (its own buffer, offset 0,
   * C strides), else a C-ordered copy. The order flag alone does not tell: a permuted array keeps
   * its parent's flag and buffer with other strides, as DL4J's convolutions hand back their input
   * gradients.
   */
  static INDArray inCOrder(INDArray a) {
    boolean plain = a.ordering() == 'c' && a.offset() == 0 && a.data().length() == a.length()
        && Arrays.equals(a.stride(), Nd4j.getStrides(a.shape(), 'c'));
    return plain ? a : a.dup('c');
  }
}
