package org.nftgen.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The defaults live once, each with a comment that says what it does. */
class ReferenceConfTest {
  @Test
  void theDefaultsAreOneFileAndEveryKeyIsExplained() throws Exception {
    List<URL> files = Collections.list(getClass().getClassLoader().getResources("reference.conf")).stream()
        .filter(u -> !u.toString().contains(".jar!")).toList();
    assertEquals(1, files.size(), "nftgen's defaults must live in one reference.conf: " + files);
    Config reference = ConfigFactory.parseURL(files.get(0));
    // By line: a key with no comment of its own is explained by the comment of the key on the line
    // above it (a group such as "ngf = 32 / ndf = 32" under "Generator and discriminator widths").
    Map<Integer, ConfigValue> byLine = new TreeMap<>();
    Map<Integer, String> names = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : reference.entrySet()) {
      byLine.put(e.getValue().origin().lineNumber(), e.getValue());
      names.put(e.getValue().origin().lineNumber(), e.getKey());
    }
    List<String> unexplained = new ArrayList<>();
    java.util.Set<Integer> explained = new java.util.HashSet<>();
    for (Map.Entry<Integer, ConfigValue> e : byLine.entrySet()) {
      int line = e.getKey();
      if (!e.getValue().origin().comments().isEmpty() || explained.contains(line - 1)) {
        explained.add(line);
      } else {
        unexplained.add(names.get(line) + " (line " + line + ")");
      }
    }
    assertTrue(unexplained.isEmpty(), "keys of reference.conf without a comment: " + unexplained);
    assertTrue(byLine.size() > 150, "read " + byLine.size() + " keys");
  }
}
