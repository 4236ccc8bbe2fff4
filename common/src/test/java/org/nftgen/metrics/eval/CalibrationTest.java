package org.nftgen.metrics.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nftgen.image.RgbImage;

/**
 * The calibration suite at tiny sizes (96 images per set at 32 px, features learned in about a
 * minute) on both embedded styles, with the production rules; the full-size results (333 images per
 * set at 64 px) are in docs/yardstick.md. At this size the faintest damage (noise of sigma 0.05, six
 * grey levels, and 1 px blur) is within the real-vs-real spread of most metrics, and KID, FID and
 * precision cannot resolve more than the grossest damage: what this test can and cannot ask is
 * stated per metric below.
 */
class CalibrationTest {
  static final int SIDE = 32;
  static final int N = 96;
  static final YardstickSettings.Network FEATURES = new YardstickSettings.Network(96, 400, 32, 16, 3, 32, 2e-3, 5);
  static final YardstickSettings.Network C2ST = new YardstickSettings.Network(2, 100, 32, 8, 3, 16, 2e-3, 7);
  static final YardstickSettings TINY = YardstickSettings.from(new org.nftgen.config.ConfigLayers().load())
      .withNetworks(FEATURES, C2ST);
  static final EvaluateSettings EVAL = Samples.DEFAULTS.withFeatures(77, SIDE, 8, 3).withKid(50, 48);
  /** Below what 96 images at 32 px resolve. */
  static final Set<String> FAINT = Set.of("noise-0.05", "blur-1");

  private static final Map<String, Calibration.Report> REPORTS = new LinkedHashMap<>();

  static synchronized Calibration.Report calibrate(String style) {
    return REPORTS.computeIfAbsent(style, s -> {
      List<RgbImage> training = Samples.tokens(s, 3, 0, 400, SIDE);
      List<RgbImage> reference = Samples.tokens(s, 3, 1000, N, SIDE);
      List<RgbImage> heldOut = Samples.tokens(s, 3, 2000, N, SIDE);
      List<RgbImage> secondHeldOut = Samples.tokens(s, 3, 3000, N, SIDE);
      CollectionFeatures features = CollectionFeatures.train(training, FEATURES, SIDE);
      Calibration.Report report = Calibration.run(reference, heldOut, secondHeldOut, training, EVAL, features, TINY);
      System.out.println(s + ":\n" + Calibration.toMarkdown(report));
      return report;
    });
  }

  /** The checks of {@code metric} that failed, other than those about the faint damage. */
  static List<String> failedBeyondFaint(Calibration.Report report, String metric) {
    return report.verdicts().get(metric).checks().stream().filter(c -> !c.passed())
        .map(Calibration.Check::what)
        .filter(what -> FAINT.stream().noneMatch(what::startsWith))
        .toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"apes", "punks"})
  void theTwoSampleTestAndThePixelMeasuresRankEveryVisibleDamageAsAPersonWould(String style) {
    Calibration.Report report = calibrate(style);
    for (String metric : List.of("c2st", "sharpness", "colours", "backgroundPurity", "recall", "copyRate")) {
      assertEquals(List.of(), failedBeyondFaint(report, metric), metric + " on " + style + ":\n"
          + Calibration.toMarkdown(report));
    }
    // Colours see even the faintest noise and blur (pixel art has a handful of colours).
    assertTrue(report.passed("colours"), Calibration.toMarkdown(report));
    // Collapse: no diversity left, and the two-sample test tells one repeated image from many.
    assertEquals(0.0, report.scores().get(Calibration.COLLAPSE).recall(), 1e-9);
    assertTrue(report.scores().get(Calibration.COLLAPSE).c2st() > 0.95);
    // Real images against real images: the two-sample test is near chance.
    assertTrue(Math.abs(report.scores().get(Calibration.REAL).c2st() - 0.5) < 0.15, Calibration.toMarkdown(report));
  }

  @ParameterizedTest
  @ValueSource(strings = {"apes", "punks"})
  void theCollectionFeaturesRankTheGrossDamageWorseThanRealImages(String style) {
    Calibration.Report report = calibrate(style);
    Evaluation.Result real = report.scores().get(Calibration.REAL);
    for (String set : List.of("noise-0.2", "blur-2", Calibration.COLLAPSE, "colour-noise")) {
      Evaluation.Result damaged = report.scores().get(set);
      assertTrue(damaged.kid() > real.kid() && damaged.fid() > real.fid(), set + " on " + style + ":\n"
          + Calibration.toMarkdown(report));
    }
  }

  /** The rules themselves, on made-up scores: a metric blind to a damage, or ranking it wrongly, fails. */
  @Test
  void aMetricThatDoesNotSeeADamageFailsItsCalibration() {
    Map<String, Evaluation.Result> scores = new LinkedHashMap<>();
    List<String> sets = List.of("real", "real-2", "noise-0.05", "noise-0.1", "noise-0.2", "blur-1", "blur-2",
        "shuffle-4x4", "collapse", "copies", "colour-noise");
    for (int i = 0; i < sets.size(); i++) {
      String set = sets.get(i);
      double damage = set.startsWith("real") || set.equals("copies") ? 0 : i;
      // KID sees every damage, growing with it; FID is blind to blur; C2ST ranks noise backwards.
      double fid = set.startsWith("blur") ? 0 : damage;
      double c2st = set.startsWith("noise") ? 0.9 - 0.1 * i : 0.5 + 0.04 * damage;
      double recall = set.equals("collapse") ? 0.1 : set.equals("colour-noise") ? 0 : 0.9;
      scores.put(set, result(0.001 * damage, fid, c2st, recall, set.equals("copies") ? 1 : 0));
    }
    Calibration.Report report = Calibration.judge(scores, Map.of("real", List.of()), "made up", 2);
    assertTrue(report.passed("kid"));
    assertFalse(report.passed("fid"));
    assertEquals(List.of("blur-1 worse than real", "blur-2 worse than real", "blur-2 worse than blur-1"),
        report.verdicts().get("fid").checks().stream().filter(c -> !c.passed()).map(Calibration.Check::what).toList());
    assertFalse(report.passed("c2st"));
    assertTrue(report.verdicts().get("c2st").checks().stream()
        .anyMatch(c -> !c.passed() && c.what().equals("noise-0.2 worse than noise-0.1")));
    // The collapse keeps more diversity than colour noise: recall does not rank it worst.
    assertFalse(report.passed("recall"));
    assertEquals(List.of("collapse worst of all"), report.verdicts().get("recall").checks().stream()
        .filter(c -> !c.passed()).map(Calibration.Check::what).toList());
    assertTrue(report.passed("copyRate"));
  }

  private static Evaluation.Result result(double kid, double fid, double c2st, double recall, double copyRate) {
    return new Evaluation.Result(kid, 0, fid, 1, recall, c2st, new double[0], 1, 1, 1, copyRate, new int[0],
        new double[0], "made up");
  }
}
