package org.nftgen.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import org.nftgen.data.MixedCollection;

/** Single files picked from {@link MixedCollection} for tests that need just one. */
final class MixedCollectionFiles {
  private MixedCollectionFiles() {}

  static Path validPng(Path tmp) throws java.io.IOException {
    Path dir = Files.createTempDirectory(tmp, "one");
    MixedCollection.write(dir);
    return dir.resolve("rgb8.png");
  }

  /** A second valid PNG, with other pixels than {@link #validPng}. */
  static byte[] otherPng(Path tmp) throws java.io.IOException {
    Path dir = Files.createTempDirectory(tmp, "other");
    MixedCollection.write(dir);
    return Files.readAllBytes(dir.resolve("grey8.png"));
  }
}
