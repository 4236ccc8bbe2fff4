package org.nftgen.jobs;

import com.typesafe.config.Config;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.nftgen.averaging.Divergence;
import org.nftgen.config.SettingsException;
import org.nftgen.run.JobFailedException;
import org.nftgen.run.VerifiedCheckpoint;
import org.nftgen.run.WriterLease;

/**
 * What every entry point's {@code main} does around its {@code run}: parse, run, and turn the
 * errors a user can fix into one clear line and an exit status instead of a stack trace.
 * Exit status 2: bad arguments or configuration (nothing ran). 1: the job failed.
 */
final class JobMain {
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
    } finally {
      stopSpark();
    }
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
