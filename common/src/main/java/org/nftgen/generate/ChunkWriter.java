package org.nftgen.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nftgen.data.TraitLabels;
import org.nftgen.data.TraitVocabulary;
import org.nftgen.denoise.CollectionPalette;
import org.nftgen.denoise.PixelGrid;
import org.nftgen.denoise.DenoiseSettings;
import org.nftgen.denoise.Denoiser;
import org.nftgen.image.PngCodec;
import org.nftgen.image.RgbImage;
import org.nftgen.io.HadoopFiles;
import org.nftgen.io.Json;
import org.nftgen.io.SerializableHadoopConf;
import org.nftgen.mint.Cid;
import org.nftgen.mint.Novelty;
import org.nftgen.run.CheckpointStore;
import org.nftgen.traits.TraitClassifier;
import org.nftgen.traits.TraitRequest;

/**
 * The executor side of {@code generate}: for each chunk of a partition, renders its images, writes
 * every size as a PNG, then the chunk's record ({@link BatchLayout#partName}), whose presence means
 * all of the chunk's images are there. A chunk whose record was written by a run with the same
 * inputs (the same {@link Plan#fingerprint()}) is not redone. The models are opened once per
 * partition, and only if it has work.
 */
public final class ChunkWriter implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What every chunk of a batch shares: where it goes, what it is made from, its fingerprint. */
  public record Plan(String batchDir, String batchId, long seed, long count, int chunkSize, DenoiseSettings denoise,
      CollectionPalette palette, PixelGrid grid, TraitPlan traits, TraitRequest request, int traitTries, String fingerprint,
      String generatorId, String upscalerId, int denoiseThreads) implements Serializable {
    /** The images a task denoises at once: {@code denoiseThreads}, or the task's CPUs when it is 0. */
    int threadsOfThisTask() {
      org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
      return denoiseThreads > 0 ? denoiseThreads : task == null ? 1 : Math.max(1, task.cpus());
    }
  }

  /** The models and the Hadoop configuration, broadcast once to every executor. */
  public record Shared(Broadcast<TrainedGenerator> generator, Broadcast<UpscalerSource> upscaler,
      Broadcast<TraitClassifier> classifier, Broadcast<Novelty> novelty, Broadcast<SerializableHadoopConf> conf)
      implements Serializable {}

  /**
   * One chunk's outcome: its manifest entries (JSON text, so that it crosses Spark's wire as a
   * string), whether an earlier run's record was reused, and the seconds spent per stage
   * (generator, denoise, upscale, encode and write).
   */
  public record ChunkResult(long chunk, String entries, boolean reused, double[] seconds) implements Serializable {}

  private final Plan plan;
  private final Shared shared;

  public ChunkWriter(Plan plan, Shared shared) {
    this.plan = plan;
    this.shared = shared;
  }

  /** Writes the chunks of one partition (a Spark {@code mapPartitions} body). */
  public Iterator<ChunkResult> write(Iterator<Long> chunks) {
    Configuration conf = shared.conf().value().get();
    List<ChunkResult> out = new ArrayList<>();
    GenerationPipeline pipeline = null;
    ComputationGraph traitNet = null;
    try {
      while (chunks.hasNext()) {
        long chunk = chunks.next();
        Path part = new Path(plan.batchDir(), BatchLayout.partName(chunk));
        String reused = reusablePart(part, plan.fingerprint(), conf);
        if (reused != null) {
          out.add(new ChunkResult(chunk, reused, true, new double[4]));
          continue;
        }
        if (pipeline == null) {
          TrainedGenerator g = shared.generator().value();
          pipeline = new GenerationPipeline(g.network(), g.settings().nz(), g.settings().resolution(),
              new Denoiser(plan.denoise(), plan.palette(), plan.grid()), shared.upscaler().value().open(), plan.threadsOfThisTask());
          traitNet = shared.classifier().value() == null ? null : shared.classifier().value().network();
          if (plan.traits() != null) {
            pipeline.withTraits(g.conditions(), plan.traits());
          }
          if (plan.request() != null) {
            pipeline.withGuide(new TraitGuide(traitNet, classifierSide(), plan.request(), plan.traitTries()));
          }
        }
        out.add(writeChunk(chunk, part, pipeline, traitNet, conf));
      }
    } finally {
      if (pipeline != null) {
        pipeline.close();
      }
    }
    return out.iterator();
  }

  private ChunkResult writeChunk(long chunk, Path part, GenerationPipeline pipeline, ComputationGraph traitNet,
      Configuration conf) {
    double[] before = pipeline.stageSeconds();
    long from = chunk * plan.chunkSize();
    long to = Math.min(plan.count(), from + plan.chunkSize());
    List<GenerationPipeline.Rendered> images = pipeline.render(plan.seed(), plan.batchId(), from, to);
    List<TraitClassifier.Prediction> predictions = traitNet == null ? null : classify(traitNet, classifierSide(), images);
    long written = System.nanoTime();
    ArrayNode entries = Json.mapper().createArrayNode();
    for (int n = 0; n < images.size(); n++) {
      writeImage(images.get(n), predictions == null ? null : predictions.get(n), entries.addObject(), conf);
    }
    ObjectNode record = Json.object();
    record.put("fingerprint", plan.fingerprint());
    record.set("entries", entries);
    // Written after the chunk's images: its presence means all of them are there.
    HadoopFiles.writeAtomically(part, Json.pretty(record).getBytes(StandardCharsets.UTF_8), conf);
    double[] after = pipeline.stageSeconds();
    return new ChunkResult(chunk, entries.toString(), false, new double[] {after[0] - before[0],
        after[1] - before[1], after[2] - before[2], (System.nanoTime() - written) / 1e9});
  }

  /** Writes one image at every size and fills its manifest entry. */
  private void writeImage(GenerationPipeline.Rendered image, TraitClassifier.Prediction p, ObjectNode e,
      Configuration conf) {
    e.put("index", image.index());
    e.put("latentSeed", image.latentSeed());
    if (shared.novelty().value() != null) {
      Novelty.Nearest nearest = shared.novelty().value().nearest(image.sizes()[0]);
      e.putObject("nearest").put("index", nearest.index()).put("source", nearest.source())
          .put("distance", nearest.distance());
    }
    if (plan.request() != null) {
      e.put("traitTries", image.tries());
      e.put("traitsAsRequested", image.accepted());
    }
    ObjectNode keys = e.putObject("keys");
    ObjectNode hashes = e.putObject("sha256");
    ObjectNode cids = e.putObject("cid");
    for (RgbImage size : image.sizes()) {
      byte[] png = PngCodec.encode(size.toBufferedImage());
      String key = BatchLayout.key(size.width(), image.index());
      HadoopFiles.writeAtomically(new Path(plan.batchDir(), key), png, conf);
      keys.put(String.valueOf(size.width()), key);
      hashes.put(String.valueOf(size.width()), CheckpointStore.sha256(png));
      cids.put(String.valueOf(size.width()), Cid.rawV1(png));
    }
    ObjectNode m = e.putObject("models");
    m.put("generator", plan.generatorId());
    m.put("upscaler", plan.upscalerId());
    TraitClassifier traits = shared.classifier().value();
    if (image.traits() != null) {
      // A conditional image's traits are those it was made for; the classifier, if any, says how
      // sure it is that the image shows each.
      Map<String, String> made = conditionedTraits(shared.generator().value().conditions(), image.traits());
      e.put("traitsFrom", "condition");
      made.forEach(e.putObject("traits")::put);
      if (p != null) {
        traits.traits(p).forEach(e.putObject("predictedTraits")::put);
        ObjectNode confidence = e.putObject("confidence");
        made.forEach((type, value) -> {
          double probability = traits.probability(p, type, value);
          if (!Double.isNaN(probability)) {
            confidence.put(type, probability);
          }
        });
      }
    } else if (p != null) {
      e.put("traitsFrom", "classifier");
      traits.traits(p).forEach(e.putObject("traits")::put);
      ObjectNode confidence = e.putObject("confidence");
      traits.traits(p).keySet().forEach(type -> confidence.put(type,
          p.confidence()[traits.labels().types().indexOf(type)]));
    }
  }

  private int classifierSide() {
    return shared.classifier().value().settings().resolution();
  }

  /** A conditional image's traits by name; a type made without it ({@code (none)}) is left out. */
  static Map<String, String> conditionedTraits(TraitLabels conditions, int[] classes) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int t = 0; t < classes.length; t++) {
      String value = conditions.values().get(conditions.types().get(t)).get(classes[t]);
      if (!value.equals(TraitVocabulary.NONE)) {
        out.put(conditions.types().get(t), value);
      }
    }
    return out;
  }

  /** The predicted traits of each rendered image, read at the classifier's side. */
  private static List<TraitClassifier.Prediction> classify(ComputationGraph net, int side,
      List<GenerationPipeline.Rendered> images) {
    List<byte[]> pixels = new ArrayList<>();
    for (GenerationPipeline.Rendered image : images) {
      for (RgbImage size : image.sizes()) {
        if (size.width() == side) {
          pixels.add(size.rgb());
        }
      }
    }
    return TraitClassifier.predict(net, side, pixels, pixels.size());
  }

  /** The entries of a chunk record written by a run with the same inputs, or null. */
  private static String reusablePart(Path part, String fingerprint, Configuration conf) {
    if (!HadoopFiles.exists(part, conf)) {
      return null;
    }
    try {
      JsonNode record = Json.mapper().readTree(HadoopFiles.readString(part, conf));
      return fingerprint.equals(record.path("fingerprint").asText()) ? record.get("entries").toString() : null;
    } catch (IOException | RuntimeException e) {
      return null; // unreadable: redo the chunk
    }
  }
}
