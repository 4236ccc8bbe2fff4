package org.nftgen.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsReaderTest {
  private static SettingsReader reader(String hocon) {
    return new SettingsReader(ConfigFactory.parseString(hocon), "s");
  }

  @Test
  void aRangedIntListReadsAListOrOneNumber() {
    assertEquals(List.of(2, 10), reader("s.k = [2, 10]").intList("k", 1, 1000));
    assertEquals(List.of(3), reader("s.k = 3").intList("k", 1, 1000), "a number set before the key became a list");
  }

  @Test
  void aRangedIntListNamesTheKeyAndTheValueItRefuses() {
    SettingsException out = assertThrows(SettingsException.class, () -> reader("s.k = [2, 0]").intList("k", 1, 1000));
    assertTrue(out.getMessage().contains("'s.k'") && out.getMessage().contains("has 0"), out.getMessage());
    SettingsException empty = assertThrows(SettingsException.class, () -> reader("s.k = []").intList("k", 1, 1000));
    assertTrue(empty.getMessage().contains("'s.k' must list at least one value"), empty.getMessage());
    SettingsException single = assertThrows(SettingsException.class, () -> reader("s.k = 0").intList("k", 1, 1000));
    assertTrue(single.getMessage().contains("'s.k' = 0"), single.getMessage());
  }
}
