package org.nftgen.traits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftgen.config.ConfigLayers;
import org.nftgen.data.TraitLabels;
import org.nftgen.data.TraitVocabulary;
import org.nftgen.image.Pixels;
import org.nftgen.run.CheckpointStore;
import org.nftgen.run.StateCodec;

/**
 * The trait classifier on Spark local[2] with DL4J's parameter averaging, on images whose
 * background colour is one trait and whose other trait is a coin toss: it must learn the first
 * perfectly and cannot learn the second; the checkpoints hold what it learnt.
 */
class TraitTrainerTest {
  static SparkSession spark;
  static JavaSparkContext sc;
  static final int SIDE = 16;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("traits").config("spark.ui.enabled", "false")
        .getOrCreate();
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** A flat background of the trait's colour with a noisy square in the middle. */
  static TraitExamples.Example example(long index, String background, SplittableRandom random) {
    int colour = switch (background) {
      case "Red" -> 0xC83214;
      case "Blue" -> 0x1E50C8;
      default -> 0x32A050;
    };
    byte[] rgb = new byte[SIDE * SIDE * 3];
    for (int i = 0; i < SIDE * SIDE; i++) {
      int x = i % SIDE;
      int y = i / SIDE;
      boolean centre = x >= 4 && x < 12 && y >= 4 && y < 12;
      for (int c = 0; c < 3; c++) {
        rgb[i * 3 + c] = (byte) (centre ? random.nextInt(256) : colour >> (16 - 8 * c) & 255);
      }
    }
    Map<String, String> traits = new HashMap<>();
    traits.put("Background", background);
    traits.put("Coin", random.nextBoolean() ? "Heads" : "Tails");
    return new TraitExamples.Example(index, traits, rgb);
  }

  @Test
  void learnsWhatTheImagesShowAndNotWhatTheyDoNot() throws Exception {
    SplittableRandom random = new SplittableRandom(3);
    String[] backgrounds = {"Red", "Blue", "Green"};
    List<TraitExamples.Example> training = new ArrayList<>();
    List<TraitExamples.Example> heldOut = new ArrayList<>();
    for (int i = 0; i < 192; i++) {
      training.add(example(i, backgrounds[i % 3], random));
    }
    for (int i = 0; i < 60; i++) {
      heldOut.add(example(1000 + i, backgrounds[i % 3], random));
    }
    List<Map<String, String>> all = new ArrayList<>();
    training.forEach(e -> all.add(e.traits()));
    TraitLabels labels = TraitLabels.of(TraitVocabulary.of(all), 64);
    assertEquals(List.of("Background", "Coin"), labels.types());
    ConfigLayers layers = new ConfigLayers();
    for (String setting : List.of("input=unused", "output=unused", "resolution=16", "width=4", "features=16",
        "epochs=4", "batch=16",
        "averaging-frequency=2", "learning-rate=0.005")) {
      layers.overrideAssignment("nftgen.traits." + setting);
    }
    TraitSettings settings = TraitSettings.from(layers.load());
    Path run = Files.createDirectories(tmp.resolve("run"));
    org.apache.hadoop.fs.Path runDir = new org.apache.hadoop.fs.Path(run.toUri());
    ObjectNode accuracy = TraitTrainer.train(sc, settings, labels, sc.parallelize(training, 2), heldOut, runDir,
        new Configuration());

    assertEquals(1.0, accuracy.get("Background").get("accuracy").asDouble(), 1e-9, accuracy.toString());
    assertEquals(1 / 3.0, accuracy.get("Background").get("majorityBaseline").asDouble(), 1e-3);
    assertEquals(60, accuracy.get("Background").get("heldOut").asInt());
    double coin = accuracy.get("Coin").get("accuracy").asDouble();
    assertTrue(coin > 0.25 && coin < 0.75, "a coin toss cannot be learnt: " + accuracy);

    // One committed checkpoint per epoch; the last one predicts like the trained network.
    CheckpointStore store = new CheckpointStore(runDir, new Configuration());
    assertEquals(4, store.committed().size());
    Map<String, byte[]> files = store.read(store.latest().orElseThrow());
    TraitLabels saved = TraitLabels.fromJson(files.get(TraitClassifier.LABELS));
    assertEquals(labels, saved);
    TraitClassifier classifier = new TraitClassifier(settings, saved,
        StateCodec.decode(files.get(TraitClassifier.STATE), TraitClassifier.State.class).params(), "round-4",
        "x", Map.of());
    ComputationGraph net = classifier.network();
    List<byte[]> pixels = new ArrayList<>();
    heldOut.subList(0, 6).forEach(e -> pixels.add(e.rgb()));
    List<TraitClassifier.Prediction> predictions = TraitClassifier.predict(net, Pixels.toTensor(pixels, SIDE));
    for (int i = 0; i < 6; i++) {
      assertEquals(heldOut.get(i).traits().get("Background"), classifier.traits(predictions.get(i)).get("Background"));
      assertTrue(predictions.get(i).confidence()[0] > 0.5f, "confident on what it sees");
    }
    assertEquals(4, Files.readAllLines(run.resolve("metrics.jsonl")).size());
  }

  @Test
  void labelsSkipTypesThatCannotBeLearntAndCountTheAbsentValue() {
    List<Map<String, String>> tokens = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Map<String, String> t = new HashMap<>();
      t.put("Serial", "#" + i);
      t.put("Collection", "Apes");
      if (i % 2 == 0) {
        t.put("Hat", i % 4 == 0 ? "Fez" : "Cap");
      }
      tokens.add(t);
    }
    TraitLabels labels = TraitLabels.of(TraitVocabulary.of(tokens), 5);
    assertEquals(List.of("Hat"), labels.types());
    assertEquals(List.of("(none)", "Cap", "Fez"), labels.values().get("Hat"));
    assertEquals("one value only", labels.skipped().get("Collection"));
    assertEquals("10 values, more than max-values 5", labels.skipped().get("Serial"));
    assertArrayEquals(new int[] {2}, labels.classes(Map.of("Hat", "Fez")));
    assertArrayEquals(new int[] {0}, labels.classes(Map.of()));
    assertArrayEquals(new int[] {-1}, labels.classes(Map.of("Hat", "Crown")));
    assertEquals(0.5, labels.majorityShare(0), 1e-12);
    assertEquals(labels, TraitLabels.fromJson(labels.toJson()));
  }
}
