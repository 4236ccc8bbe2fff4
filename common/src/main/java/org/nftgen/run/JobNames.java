package org.nftgen.run;

/**
 * The names of the jobs that write folders other jobs read, as every saved {@code config.conf}
 * records them under {@link RunFolder#JOB_KEY}: what {@code evaluate} and the model loaders
 * dispatch on and check.
 */
public final class JobNames {
  public static final String PREPARE = "prepare";
  public static final String TRAIN_DCGAN = "train-dcgan";
  public static final String TRAIN_SRGAN = "train-srgan";
  public static final String TRAIN_BLEND = "train-blend";
  public static final String TRAIN_TRAITS = "train-traits";

  private JobNames() {}
}
