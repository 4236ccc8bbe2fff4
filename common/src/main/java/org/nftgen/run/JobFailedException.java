package org.nftgen.run;

/** A run that cannot finish for a reason the user can act on (bad inputs, existing outputs). */
public final class JobFailedException extends RuntimeException {
  public JobFailedException(String message) {
    super(message);
  }
}
