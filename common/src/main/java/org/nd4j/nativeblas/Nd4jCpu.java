package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * Not ND4J's class: a stand-in that makes Deeplearning4j's oneDNN layer helpers usable with ND4J
 * 1.0.0-M2.x (about 8x faster convolutions, see docs/notes.md).
 *
 * <p>DL4J M2.x decides whether its oneDNN helpers may run ({@code BaseMKLDNNHelper.mklDnnEnabled()})
 * by calling, through reflection, {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance()
 * .isUseMKLDNN()}. ND4J M2.x renamed both: the class is now
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and the flag
 * {@code isUseONEDNN}. The lookup fails, DL4J records the failure and silently keeps its slow
 * im2col path. This class answers the old lookup by forwarding to the new names, so it must keep
 * this exact name and live in the job jar. The helpers still need the system property
 * {@code org.eclipse.deeplearning4j.helpers.disable=false} (DL4J's default is "true") when the
 * networks are created.
 *
 * <p>The forwarding is itself reflective so that this module still compiles without the CPU
 * backend (the CUDA profile), where DL4J never asks.
 */
public final class Nd4jCpu {
  static final String BINDINGS = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";

  private Nd4jCpu() {}

  /** Answers {@code getInstance().isUseMKLDNN()} with ND4J's current oneDNN switch. */
  public static final class Environment {
    private static final Environment INSTANCE = new Environment();

    private Environment() {}

    public static Environment getInstance() {
      return INSTANCE;
    }

    /** ND4J's {@code Environment.isUseONEDNN()}: true when its oneDNN platform helpers are on. */
    public boolean isUseMKLDNN() {
      try {
        Class<?> bindings = Class.forName(BINDINGS);
        Object environment = bindings.getMethod("getInstance").invoke(null);
        Method isUseOneDnn = bindings.getMethod("isUseONEDNN");
        return (Boolean) isUseOneDnn.invoke(environment);
      } catch (ReflectiveOperationException | LinkageError e) {
        return false; // no CPU backend: no oneDNN
      }
    }
  }
}
