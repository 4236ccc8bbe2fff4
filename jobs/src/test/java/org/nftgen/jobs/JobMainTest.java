package org.nftgen.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

/** The one-line error of a job that could not write (or read) a file. */
class JobMainTest {
  @Test
  void anIoFailureIsNamedInOneLineWhereverItHappened() {
    UncheckedIOException onTheDriver = new UncheckedIOException("Cannot write s3a://b/x/manifest.json: "
        + "No space left on device", new IOException("No space left on device"));
    assertEquals("Cannot write s3a://b/x/manifest.json: No space left on device",
        JobMain.ioFailure(new IllegalStateException("wrapped", onTheDriver)));
    // An executor's failure reaches the driver as the text of a SparkException.
    SparkException onAnExecutor = new SparkException("Job aborted due to stage failure: Task 1 in stage 4.0 failed 1 "
        + "times, most recent failure: Lost task 1.0 in stage 4.0 (TID 9): java.io.UncheckedIOException: Cannot "
        + "write file:/out/batch=b/64/2.png: No space left on device\n\tat org.nftgen.io.HadoopFiles.writeAtomically");
    assertEquals("Cannot write file:/out/batch=b/64/2.png: No space left on device", JobMain.ioFailure(onAnExecutor));
    assertNull(JobMain.ioFailure(new IllegalStateException("a bug, not a file: keep its stack trace")));
  }
}
