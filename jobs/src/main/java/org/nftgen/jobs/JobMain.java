package org.nftgen.jobs;

import com.typesafe.config.Config;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import org.nftgen.config.SettingsException;

/**
 * What every entry point's {@code main} does around its {@code run}: parse, run, and turn the
 * errors a user can fix into one clear line and an exit status instead of a stack trace.
 * Exit status 2: bad arguments or configuration (nothing ran). 1: the job failed.
 */
final class JobMain {
  private JobMain() {}

  static void execute(JobCli cli, String[] args, Consumer<Config> run) {
    Config config;
    try {
      config = cli.parse(args);
    } catch (JobCli.HelpRequested help) {
      System.out.print(help.getMessage());
      return;
    } catch (SettingsException e) {
      System.err.println("nftgen: error: " + e.getMessage());
      exit(2);
      return;
    }
    try {
      run.accept(config);
    } catch (SettingsException | JobFailedException e) {
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
