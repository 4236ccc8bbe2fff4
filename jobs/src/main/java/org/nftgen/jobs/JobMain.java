package org.nftgen.jobs;

import com.typesafe.config.Config;
import java.io.UncheckedIOException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.nftgen.averaging.Divergence;
import org.nftgen.config.SettingsException;
import org.nftgen.run.JobFailedException;
import org.nftgen.run.VerifiedCheckpoint;
import org.nftgen.run.WriterLease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every entry point's {@code main} does around its {@code run}: parse, run, and turn the
 * errors a user can fix into one clear line and an exit status instead of a stack trace.
 * Exit status 2: bad arguments or configuration (nothing ran). 1: the job failed.
 */
final class JobMain {
  private static final Logger LOG = LoggerFactory.getLogger(JobMain.class);

  private JobMain() {}

  /**
   * Parses the arguments and reads the job's settings (every config error surfaces here, before
   * Spark starts), then runs the job.
   */
  static <S> void execute(JobCli cli, String[] args, Function<Config, S> settings, BiConsumer<S, Config> run) {
    Config config;
    S parsed;
    try {
      config = cli.parse(args);
      parsed = settings.apply(config);
    } catch (JobCli.HelpRequested help) {
      System.out.print(help.getMessage());
      return;
    } catch (SettingsException e) {
      System.err.println("nftgen: error: " + e.getMessage());
      exit(2);
      return;
    }
    try {
      run.accept(parsed, config);
    } catch (SettingsException | JobFailedException | Divergence.DivergedException | WriterLease.HeldException
        | VerifiedCheckpoint.TamperedException e) {
      System.err.println("nftgen: error: " + e.getMessage());
      exit(1);
    } catch (OutOfMemoryError e) {
      // On the driver's own thread (a task's, in local mode, ends the JVM through Spark's handler).
      outOfMemory(e.getMessage());
    } catch (Exception e) {
      // Exception, not RuntimeException: a failed Spark job throws the checked SparkException,
      // undeclared, from Scala. Anything else is rethrown as it came.
      String io = ioFailure(e);
      if (io == null) {
        throw e;
      }
      // A file that could not be written or read (a full disk, a store that refused): one line that
      // names it. What was written before stays as it was: every output is published whole, last.
      LOG.debug("The I/O failure in full", e);
      System.err.println("nftgen: error: " + io);
      exit(1);
    } finally {
      stopSpark();
    }
  }

  /**
   * The message of the I/O failure behind {@code e}, or null: the first {@link UncheckedIOException}
   * of its causes, or, for a Spark job that failed on an executor (whose exception reaches the
   * driver as text), the line of the message that names one.
   */
  static String ioFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UncheckedIOException) {
        return t.getMessage();
      }
    }
    String text = String.valueOf(e.getMessage());
    String marker = UncheckedIOException.class.getName() + ": ";
    int at = text.indexOf(marker);
    if (at < 0) {
      return null;
    }
    int end = text.indexOf('\n', at);
    return text.substring(at + marker.length(), end < 0 ? text.length() : end).trim();
  }

  /** The driver's heap or ND4J's off-heap cap ran out: which limit to raise, in one line. */
  private static void outOfMemory(String what) {
    System.err.println("nftgen: error: out of memory (" + what + "); raise NFTGEN_DRIVER_MEMORY or "
        + "NFTGEN_OFFHEAP_MEMORY (spark.driver.memory / spark.executor.memory on a cluster), or lower the batch");
    exit(1);
  }

  private static void exit(int status) {
    stopSpark();
    System.exit(status);
  }

  private static void stopSpark() {
    if (SparkSession.getActiveSession().isDefined()) {
      SparkSession.getActiveSession().get().stop();
    }
  }
}
