package org.nftgen.metrics.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.nftgen.image.RgbImage;
import org.nftgen.io.Json;

/**
 * The yardstick's calibration: every metric that {@code evaluate} reports scores sets whose ranking
 * a person knows, and passes only if it ranks them that way by a margin.
 *
 * <p>The sets, each scored against {@code reference} (held-out real images): {@code real} (other
 * held-out images), {@code real-2} (a third part of the held-out images: its score beside
 * {@code real}'s is the metric's real-vs-real spread), Gaussian noise of sigma 0.05, 0.1 and 0.2,
 * Gaussian blur of 1 and 2 px at 64 px, pixels shuffled within 4x4 blocks, one real image repeated
 * (collapse), the nearest training image of each real one (memorisation) and colour-matched noise.
 *
 * <p>What each metric must do, by its purpose (see {@link #RULES}): a distribution metric (KID,
 * FID, C2ST) rates every damaged set and the collapse worse than {@code real}; a fidelity metric
 * (precision, sharpness, colours, background purity) the damaged sets it is meant to see; recall,
 * a diversity metric, rates the collapse worst of all; the copy rate flags the copies and nothing
 * else. "Worse" means by at least {@code calibration-spread} times the real-vs-real spread (and a
 * small floor per metric), and graded damage must grow worse with its strength. Copies are not a
 * fidelity failure (they look real), so only the copy rate is asked about them.
 */
public final class Calibration {
  public static final String REAL = "real";
  public static final String REAL_2 = "real-2";
  public static final String COLLAPSE = "collapse";
  public static final String COPIES = "copies";
  static final List<String> NOISE = List.of("noise-0.05", "noise-0.1", "noise-0.2");
  static final List<String> BLUR = List.of("blur-1", "blur-2");
  static final String SHUFFLE = "shuffle-4x4";
  static final String COLOUR_NOISE = "colour-noise";

  /** How one metric is read: its value, which way is better, its floor margin and what it must see. */
  record Rule(String metric, ToDoubleFunction<Evaluation.Result> value, boolean higherIsBetter, double floor,
      double bound, List<String> detects) {
    /** Larger is worse. */
    double badness(Evaluation.Result r) {
      double v = value.applyAsDouble(r);
      return higherIsBetter ? -v : v;
    }
  }

  private static final List<String> DAMAGED = concat(NOISE, BLUR, List.of(SHUFFLE, COLOUR_NOISE));

  /** Every metric evaluate reports, with its purpose. {@code bound}: the badness it cannot exceed. */
  static final List<Rule> RULES = List.of(
      new Rule("kid", Evaluation.Result::kid, false, 1e-6, Double.POSITIVE_INFINITY,
          concat(DAMAGED, List.of(COLLAPSE))),
      new Rule("fid", Evaluation.Result::fid, false, 1e-6, Double.POSITIVE_INFINITY,
          concat(DAMAGED, List.of(COLLAPSE))),
      new Rule("c2st", Evaluation.Result::c2st, false, 0.05, 1.0, concat(DAMAGED, List.of(COLLAPSE))),
      new Rule("precision", Evaluation.Result::precision, true, 0.05, 0.0, DAMAGED),
      new Rule("sharpness", r -> Sharpness.deviation(r.sharpness()), false, 0.05, Double.POSITIVE_INFINITY, DAMAGED),
      // A shuffle keeps each image's colours.
      new Rule("colours", r -> Palette.deviation(r.colours()), false, 0.05, Double.POSITIVE_INFINITY,
          concat(NOISE, BLUR, List.of(COLOUR_NOISE))),
      // A flat border stays flat under blur and shuffles, and noise of 0.05 (6 levels) is within
      // the purity tolerance.
      new Rule("backgroundPurity", Evaluation.Result::backgroundPurity, true, 0.05, 0.0,
          List.of("noise-0.1", "noise-0.2", COLOUR_NOISE)),
      new Rule("recall", Evaluation.Result::recall, true, 0.05, 0.0, List.of(COLLAPSE)));

  /** One metric's verdict: its value on every set and each check with its margin. */
  public record MetricVerdict(String metric, boolean passed, Map<String, Double> values, List<Check> checks) {}

  /** {@code margin}: how much worse than required (positive passes) in the metric's badness units. */
  public record Check(String what, double margin, double required, boolean passed) {}

  /** Every metric's verdict, the scores behind them and a picture of each set. */
  public record Report(Map<String, MetricVerdict> verdicts, Map<String, Evaluation.Result> scores,
      Map<String, List<RgbImage>> sets, String features) {
    public boolean passed(String metric) {
      MetricVerdict v = verdicts.get(metric);
      return v != null && v.passed();
    }
  }

  private Calibration() {}

  /** Builds the sets from real images and scores each with every metric. */
  public static Report run(List<RgbImage> reference, List<RgbImage> heldOut, List<RgbImage> secondHeldOut,
      List<RgbImage> training, EvaluateSettings settings, FeatureExtractor features, YardstickSettings yardstick) {
    Map<String, List<RgbImage>> sets = sets(heldOut, secondHeldOut, training, settings);
    Map<String, Evaluation.Result> scores = new LinkedHashMap<>();
    for (Map.Entry<String, List<RgbImage>> set : sets.entrySet()) {
      scores.put(set.getKey(),
          Evaluation.compare(set.getValue(), reference, training, settings, features, yardstick.c2st()));
    }
    return judge(scores, sets, features.describe(), yardstick.calibrationSpread());
  }

  /** The calibration sets, in report order, all the size of {@code heldOut}. */
  static Map<String, List<RgbImage>> sets(List<RgbImage> heldOut, List<RgbImage> secondHeldOut, List<RgbImage> training,
      EvaluateSettings settings) {
    long seed = settings.featureSeed();
    int side = heldOut.get(0).width();
    Map<String, List<RgbImage>> sets = new LinkedHashMap<>();
    sets.put(REAL, heldOut);
    sets.put(REAL_2, secondHeldOut);
    sets.put(NOISE.get(0), Corruptions.noise(heldOut, 0.05, seed + 1));
    sets.put(NOISE.get(1), Corruptions.noise(heldOut, 0.1, seed + 2));
    sets.put(NOISE.get(2), Corruptions.noise(heldOut, 0.2, seed + 3));
    sets.put(BLUR.get(0), Corruptions.blur(heldOut, 1));
    sets.put(BLUR.get(1), Corruptions.blur(heldOut, 2));
    sets.put(SHUFFLE, Corruptions.shuffleBlocks(heldOut, 4, seed + 4));
    sets.put(COLLAPSE, Corruptions.collapse(heldOut.get(0), heldOut.size()));
    CopyRate.Result nearest = CopyRate.compute(heldOut, training, settings.featureSide(), settings.copyThreshold());
    List<RgbImage> copies = new ArrayList<>();
    for (int i : nearest.nearestIndex()) {
      copies.add(training.get(i));
    }
    sets.put(COPIES, copies);
    sets.put(COLOUR_NOISE, Corruptions.colourMatchedNoise(training, heldOut.size(), side, seed + 5));
    return sets;
  }

  /** Applies {@link #RULES} and the copy rule to scored sets. */
  static Report judge(Map<String, Evaluation.Result> scores, Map<String, List<RgbImage>> sets, String features,
      double spreadFactor) {
    Map<String, MetricVerdict> verdicts = new LinkedHashMap<>();
    Evaluation.Result real = scores.get(REAL);
    Evaluation.Result second = scores.get(REAL_2);
    for (Rule rule : RULES) {
      Map<String, Double> values = values(scores, rule.value());
      double spread = Math.abs(rule.badness(real) - rule.badness(second));
      double required = Math.max(spreadFactor * spread, rule.floor());
      List<Check> checks = new ArrayList<>();
      if (rule.metric().equals("recall")) {
        // Diversity: the collapse is the worst set of all, and clearly worse than real.
        double collapse = rule.badness(scores.get(COLLAPSE));
        checks.add(check("collapse worse than real", collapse - rule.badness(real), required));
        double worstOther = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, Evaluation.Result> e : scores.entrySet()) {
          if (!e.getKey().equals(COLLAPSE)) {
            worstOther = Math.max(worstOther, rule.badness(e.getValue()));
          }
        }
        checks.add(new Check("collapse worst of all", collapse - worstOther, 0,
            collapse > worstOther || collapse >= rule.bound()));
      } else {
        for (String set : rule.detects()) {
          checks.add(check(set + " worse than real", rule.badness(scores.get(set)) - rule.badness(real), required));
        }
        for (List<String> series : List.of(NOISE, BLUR)) {
          List<String> seen = series.stream().filter(rule.detects()::contains).toList();
          for (int i = 1; i < seen.size(); i++) {
            double before = rule.badness(scores.get(seen.get(i - 1)));
            double after = rule.badness(scores.get(seen.get(i)));
            boolean saturated = before >= rule.bound() - 1e-9 && after >= rule.bound() - 1e-9;
            checks.add(new Check(seen.get(i) + " worse than " + seen.get(i - 1), after - before, 0,
                after > before || saturated));
          }
        }
      }
      verdicts.put(rule.metric(), verdict(rule.metric(), values, checks));
    }
    verdicts.put("copyRate", copyVerdict(scores));
    return new Report(verdicts, scores, sets, features);
  }

  /** The copies are flagged: their rate is at least 0.5 above every other set's. */
  private static MetricVerdict copyVerdict(Map<String, Evaluation.Result> scores) {
    Map<String, Double> values = values(scores, Evaluation.Result::copyRate);
    double copies = values.get(COPIES);
    double others = 0;
    for (Map.Entry<String, Double> e : values.entrySet()) {
      if (!e.getKey().equals(COPIES)) {
        others = Math.max(others, e.getValue());
      }
    }
    return verdict("copyRate", values, List.of(check("copies flagged above every other set", copies - others, 0.5)));
  }

  private static MetricVerdict verdict(String metric, Map<String, Double> values, List<Check> checks) {
    return new MetricVerdict(metric, checks.stream().allMatch(Check::passed), values, checks);
  }

  private static Check check(String what, double worseBy, double required) {
    return new Check(what, worseBy - required, required, worseBy >= required);
  }

  private static Map<String, Double> values(Map<String, Evaluation.Result> scores,
      ToDoubleFunction<Evaluation.Result> metric) {
    Map<String, Double> values = new LinkedHashMap<>();
    scores.forEach((set, r) -> values.put(set, metric.applyAsDouble(r)));
    return values;
  }

  /** {@code calibration.json}: per metric, passed, the value on every set and every check. */
  public static ObjectNode toJson(Report report) {
    ObjectNode root = Json.object();
    root.put("features", report.features());
    root.put("samples", report.sets().get(REAL).size());
    root.putArray("sets").addAll(report.sets().keySet().stream().map(Json.mapper().getNodeFactory()::textNode).toList());
    ObjectNode metrics = root.putObject("metrics");
    for (MetricVerdict v : report.verdicts().values()) {
      ObjectNode m = metrics.putObject(v.metric());
      m.put("passed", v.passed());
      ObjectNode values = m.putObject("values");
      v.values().forEach(values::put);
      var checks = m.putArray("checks");
      for (Check c : v.checks()) {
        checks.addObject().put("check", c.what()).put("margin", c.margin()).put("required", c.required())
            .put("passed", c.passed());
      }
    }
    return root;
  }

  /** A Markdown table: one row per metric, one column per set, and the verdict. */
  public static String toMarkdown(Report report) {
    StringBuilder sb = new StringBuilder("| metric |");
    for (String set : report.sets().keySet()) {
      sb.append(' ').append(set).append(" |");
    }
    sb.append(" calibrated |\n|---|");
    sb.append("---|".repeat(report.sets().size())).append("---|\n");
    for (MetricVerdict v : report.verdicts().values()) {
      sb.append("| ").append(v.metric()).append(" |");
      for (double value : v.values().values()) {
        sb.append(' ').append(format(value)).append(" |");
      }
      sb.append(v.passed() ? " yes |\n" : " **no**: " + failures(v) + " |\n");
    }
    return sb.toString();
  }

  private static String failures(MetricVerdict v) {
    return String.join("; ", v.checks().stream().filter(c -> !c.passed()).map(Check::what).toList());
  }

  private static String format(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    double a = Math.abs(v);
    return a != 0 && (a < 1e-3 || a >= 1e4) ? String.format("%.2e", v) : String.format("%.4f", v);
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    List<String> out = new ArrayList<>();
    for (List<String> l : lists) {
      out.addAll(l);
    }
    return List.copyOf(out);
  }
}
