package org.nftgen.io;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the library reports a job's progress (rounds, epochs, resumes, what was reused): the
 * {@code org.nftgen.progress} logger. The launcher's {@code conf/log4j2.properties} prints it
 * bare on standard output, the job's own output, while everything else logs to standard error;
 * under another logging set-up (a cluster's spark-submit) it is an ordinary INFO logger.
 * Warnings go to each class's own logger.
 */
public final class ProgressLog {
  /** The logger's name, as the logging configuration refers to it. */
  public static final String NAME = "org.nftgen.progress";
  private static final Logger LOG = LoggerFactory.getLogger(NAME);

  private ProgressLog() {}

  /** One progress line. */
  public static void line(String text) {
    LOG.info(text);
  }

  /** One progress line from a {@link String#format} pattern (no trailing newline needed). */
  public static void format(String pattern, Object... args) {
    if (LOG.isInfoEnabled()) {
      LOG.info(String.format(java.util.Locale.ROOT, pattern, args));
    }
  }
}
