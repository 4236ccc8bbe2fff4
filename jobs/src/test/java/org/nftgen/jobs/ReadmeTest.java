package org.nftgen.jobs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README stays a guide a newcomer reads in minutes: short (measurements live in {@code docs/}),
 * with the two set-up commands, and every file it links to exists.
 */
class ReadmeTest {
  /** The repository's README, from the jobs module's folder where Maven runs the tests. */
  private static final Path README = Path.of("..", "README.md");
  private static final int MAX_CHARACTERS = 12_000;
  private static final Pattern RELATIVE_LINK = Pattern.compile("\\]\\((?!https?:)([^)#\\s]+)(#[^)]*)?\\)");

  @Test
  void isShortAndHoldsTheTwoSetUpCommands() throws IOException {
    String text = Files.readString(README, StandardCharsets.UTF_8);
    assertTrue(text.length() < MAX_CHARACTERS,
        "README.md has " + text.length() + " characters; move detail to docs/ to keep it under " + MAX_CHARACTERS);
    assertTrue(text.contains("deploy/bin/nftgen-submit pipeline"), "README.md lost the main-job command");
    assertTrue(text.contains("deploy/bin/nftgen-test"), "README.md lost the test command");
  }

  @Test
  void everyRelativeLinkNamesAFileThatExists() throws IOException {
    String text = Files.readString(README, StandardCharsets.UTF_8);
    Matcher links = RELATIVE_LINK.matcher(text);
    List<String> missing = new ArrayList<>();
    int seen = 0;
    while (links.find()) {
      seen++;
      if (!Files.exists(README.resolveSibling(links.group(1)))) {
        missing.add(links.group(1));
      }
    }
    assertTrue(seen >= 5, "found only " + seen + " relative links: the pattern no longer matches the README's");
    assertTrue(missing.isEmpty(), "README.md links to missing files: " + missing);
  }
}
