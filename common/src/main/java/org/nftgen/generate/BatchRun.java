package org.nftgen.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.nftgen.averaging.TrainSettings;
import org.nftgen.config.ResolvedConfig;
import org.nftgen.config.SettingsException;
import org.nftgen.data.DatasetReader;
import org.nftgen.data.TraitLabels;
import org.nftgen.denoise.CollectionPalette;
import org.nftgen.denoise.PaletteSettings;
import org.nftgen.denoise.PixelGrid;
import org.nftgen.denoise.PixelGridSettings;
import org.nftgen.image.RgbImage;
import org.nftgen.io.HadoopFiles;
import org.nftgen.io.Json;
import org.nftgen.io.ProgressLog;
import org.nftgen.io.SerializableHadoopConf;
import org.nftgen.mint.BatchMetadata;
import org.nftgen.mint.Novelty;
import org.nftgen.mint.TokenMetadata;
import org.nftgen.run.CheckpointStore;
import org.nftgen.run.JobFailedException;
import org.nftgen.run.WriterLease;
import org.nftgen.traits.TraitClassifier;
import org.nftgen.traits.TraitRequest;

/**
 * The batch writer behind {@code generate}: turns a trained generator (and an upscaler) into a batch of finished images
 * under {@code <prefix>/batch=<id>/}: {@code <side>/<i>.png} at the generator's side and 2x and 4x
 * it, {@code metadata/<i>.json} (the token's ERC-721 metadata), {@code manifest.json} (with each
 * file's SHA-256 and IPFS CID), and {@value BatchLayout#MARKER} written last.
 *
 * <p>Image indices are cut into fixed chunks of {@code nftgen.generate.chunk} (the unit of work and
 * of the generator's batch); Spark spreads the chunks over partitions, and each partition builds
 * the models once from the broadcast, verified parameters. Image i of batch b depends only on
 * (seed, b, i, models, settings), so a re-run writes the same keys with the same bytes. A chunk
 * records itself under {@code _parts/} when all its images are written, so a re-run after a crash
 * redoes only unfinished chunks; at the end everything under the batch folder that is not a
 * requested key (leftover temporaries, parts, images of an earlier larger count) is deleted, and
 * only then is the marker written.
 */
public final class BatchRun {
  private final SparkSession spark;
  private final JavaSparkContext jsc;
  private final Configuration conf;
  private final Config config;

  /**
   * @param config the job's effective configuration, recorded (redacted) in the manifest
   */
  public BatchRun(SparkSession spark, Configuration conf, Config config) {
    this.spark = spark;
    this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    this.conf = conf;
    this.config = config;
  }

  /**
   * Writes the batch into {@code batchDir}, whose writer lease this run holds; {@code start} is when
   * the job began (for its timing line). Returns the manifest.
   */
  public ObjectNode write(GenerateSettings s, GenerateInputs inputs, Path batchDir, WriterLease lease, long start) {
    TrainedGenerator generator = inputs.generator();
    UpscalerSource upscaler = inputs.upscaler();
    TraitClassifier classifier = inputs.classifier();
    int[] sides = inputs.sides();
    ObjectNode models = inputs.models();
    TraitLabels conditions = generator.conditions();
    TraitPlan plan = inputs.plan();
    TraitRequest request = inputs.request();
    Path marker = new Path(batchDir, BatchLayout.MARKER);
    if (HadoopFiles.exists(marker, conf)) {
      if (s.skipComplete() && !s.overwrite()) {
        return alreadyComplete(s, batchDir, conf);
      }
      if (!s.overwrite()) {
        throw new JobFailedException("Batch " + s.batchId() + " is already complete at " + batchDir
            + "; pass --overwrite (nftgen.generate.overwrite=true) to replace it");
      }
      BatchCleanup.clearForOverwrite(batchDir, conf);
    }
    Novelty novelty = s.mint().enabled() && s.mint().novelty() ? novelty(generator, inputs.generatorTraining()) : null;
    PixelGrid grid = s.pixelGrid().enabled() ? pixelGrid(generator, inputs.generatorTraining(), s.pixelGrid()) : null;
    boolean onGrid = grid != null && grid.found();
    // "grid" (the default) needs the palette only for pixel art on a grid.
    CollectionPalette palette = s.palette().enabled() && (onGrid || !s.palette().mode().equals("grid"))
        ? palette(generator, inputs.generatorTraining(), s.palette()) : null;
    CollectionPalette snappedTo = s.palette().applied(palette, grid);
    boolean snaps = snappedTo != null;
    // A chunk's record is only reused by a run with the same inputs: this is their fingerprint.
    List<Object> inputsOfChunks = new ArrayList<>(List.of(s.seed(), s.batchId(), s.count(), s.chunk(),
        models, s.denoise().toString(), new java.util.TreeMap<>(s.traits()), inputs.requestsSha256(), s.traitTries(),
        novelty != null, snaps ? palette.sha256() : "no palette"));
    if (onGrid) {
      inputsOfChunks.add("pixel grid " + grid.cells());
    }
    String fingerprint = CheckpointStore.sha256(Json.pretty(inputsOfChunks).getBytes(java.nio.charset.StandardCharsets.UTF_8));

    long chunks = (s.count() + s.chunk() - 1) / s.chunk();
    int partitions = (int) Math.max(1, Math.min(chunks,
        s.partitions() > 0 ? s.partitions() : jsc.defaultParallelism()));
    Broadcast<SerializableHadoopConf> sharedConf = jsc.broadcast(new SerializableHadoopConf(conf));
    ChunkWriter.Shared shared = new ChunkWriter.Shared(jsc.broadcast(generator),
        jsc.broadcast(upscaler), jsc.broadcast(classifier),
        jsc.broadcast(novelty), sharedConf);
    String dir = batchDir.toString();
    String modelIds = generator.checkpointId() + "@" + generator.sha256().get(org.nftgen.run.CheckpointStore.STATE);
    String upscalerId = upscaler.describe().path("checkpoint").asText(upscaler.describe().get("kind").asText());
    ChunkWriter writer = new ChunkWriter(new ChunkWriter.Plan(dir, s.batchId(), s.seed(), s.count(), s.chunk(),
        s.denoise(), snappedTo, grid, plan, request, s.traitTries(), fingerprint, modelIds, upscalerId, s.threads()), shared);
    List<Long> chunkIds = LongStream.range(0, chunks).boxed().collect(Collectors.toList());
    long generated = System.nanoTime();
    List<ChunkWriter.ChunkResult> results = jsc.parallelize(chunkIds, partitions)
        .mapPartitions(writer::write).collect();
    double generateSeconds = (System.nanoTime() - generated) / 1e9;

    // The manifest, in index order.
    List<JsonNode> images = new ArrayList<>();
    double[] stage = new double[4];
    int reusedChunks = 0;
    for (ChunkWriter.ChunkResult r : results) {
      try {
        Json.mapper().readTree(r.entries()).forEach(images::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (int i = 0; i < 4; i++) {
        stage[i] += r.seconds()[i];
      }
      reusedChunks += r.reused() ? 1 : 0;
    }
    images.sort(Comparator.comparingLong(n -> n.get("index").asLong()));
    if (images.size() != s.count()) {
      throw new IllegalStateException("Expected " + s.count() + " images, the chunks reported " + images.size());
    }
    List<ObjectNode> entries = images.stream().map(n -> (ObjectNode) n).toList();
    // The traits the entries name: those the generator was conditioned on, else the classifier's.
    TraitLabels labels = conditions != null ? conditions : classifier == null ? null : classifier.labels();
    lease.check(); // a run that lost the batch to another writes nothing more into it
    if (s.mint().enabled()) {
      writeMetadata(BatchMetadata.build(s.mint(), s.batchId(), entries, labels, sides[2]), dir, partitions,
          sharedConf);
    }
    ObjectNode manifest = Json.object();
    manifest.put("batchId", s.batchId());
    manifest.put("count", s.count());
    manifest.put("seed", s.seed());
    manifest.put("chunk", s.chunk());
    ArrayNode sideList = manifest.putArray("sides");
    for (int side : sides) {
      sideList.add(side);
    }
    manifest.set("models", models);
    manifest.put("upscaler", upscaler.describe().get("kind").asText());
    ObjectNode paletteEntry = manifest.putObject("palette").put("mode", s.palette().mode())
        .put("snapped", snaps);
    if (palette != null) {
      paletteEntry.setAll(palette.describe());
    }
    ObjectNode gridEntry = manifest.putObject("pixelGrid").put("mode", s.pixelGrid().mode());
    if (grid != null) {
      gridEntry.setAll(grid.describe());
    }
    ObjectNode counts = manifest.putObject("counts");
    counts.put("images", images.size());
    counts.put("files", images.size() * sides.length);
    counts.put("metadataFiles", s.mint().enabled() ? images.size() : 0);
    counts.put("chunks", chunks);
    counts.put("chunksReused", reusedChunks);
    counts.put("partitions", partitions);
    ObjectNode timings = manifest.putObject("timings");
    timings.put("generateSeconds", generateSeconds);
    timings.put("generatorSeconds", stage[0]);
    timings.put("denoiseSeconds", stage[1]);
    timings.put("upscaleSeconds", stage[2]);
    timings.put("encodeWriteSeconds", stage[3]);
    timings.put("imagesPerSecond", (s.count() - (long) reusedChunks * s.chunk()) / generateSeconds);
    if (request != null) {
      ObjectNode r = manifest.putObject("traitRequest");
      request.traits().forEach(r.putObject("traits")::put);
      r.put("maxTries", s.traitTries());
      long granted = entries.stream().filter(e -> e.get("traitsAsRequested").asBoolean()).count();
      r.put("imagesAsRequested", granted);
      ProgressLog.format("generate: %d of %d images show the requested traits %s (at most %d tries each)", granted,
          entries.size(), request.traits(), s.traitTries());
    }
    if (!s.traitsFile().isEmpty()) {
      manifest.putObject("traitRequestsFile").put("path", s.traitsFile()).put("sha256", inputs.requestsSha256());
    }
    ObjectNode distribution = BatchMetadata.distribution(labels, entries);
    if (distribution != null) {
      manifest.set("traits", distribution);
    }
    manifest.put("config", ResolvedConfig.render(config));
    manifest.set("images", Json.mapper().valueToTree(images));
    byte[] manifestBytes = Json.pretty(manifest).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    HadoopFiles.writeAtomically(new Path(batchDir, BatchLayout.MANIFEST), manifestBytes, conf);

    // Everything else of the batch's layout goes: what remains is exactly the requested keys.
    lease.check();
    BatchCleanup.Result cleanup = BatchCleanup.keepOnly(batchDir, BatchCleanup.keys(images), conf);
    List<String> foreign = cleanup.foreign();
    int stray = cleanup.strayImages();
    if (!foreign.isEmpty()) {
      ProgressLog.line("generate: left " + foreign.size() + " files in " + batchDir + " that are not of a batch's "
          + "layout (not deleted): " + foreign.subList(0, Math.min(10, foreign.size()))
          + (foreign.size() > 10 ? " ..." : ""));
    }
    lease.check();

    ObjectNode done = Json.object();
    done.put("batchId", s.batchId());
    done.put("count", s.count());
    done.put("manifestSha256", CheckpointStore.sha256(manifestBytes));
    HadoopFiles.writeString(marker, Json.pretty(done), conf);
    double total = (System.nanoTime() - start) / 1e9;
    ProgressLog.format("generate: batch %s: %d images x %d sizes (%d chunks, %d reused) in %.1f s "
            + "(%.2f images/s generating; generator %.1f s, denoise %.1f s, upscale %.1f s, encode+write %.1f s); "
            + "removed %d stray files", s.batchId(), s.count(), sides.length, chunks, reusedChunks, total,
        timings.get("imagesPerSecond").asDouble(), stage[0], stage[1], stage[2], stage[3], stray);
    ProgressLog.line("generate: images in " + batchDir + "/{" + sides[0] + "," + sides[1] + "," + sides[2]
        + "}/" + (s.mint().enabled() ? ", token metadata in " + TokenMetadata.FOLDER + "/" : "") + ", manifest "
        + new Path(batchDir, BatchLayout.MANIFEST));
    return manifest;
  }

  /**
   * A scheduler's retry of a batch that in fact completed: nothing to do if the complete batch is
   * the one requested (same count and seed); a different request under the same id fails.
   */
  private static ObjectNode alreadyComplete(GenerateSettings s, Path batchDir, Configuration conf) {
    ObjectNode manifest;
    try {
      manifest = (ObjectNode) Json.mapper().readTree(HadoopFiles.readString(new Path(batchDir, BatchLayout.MANIFEST),
          conf));
    } catch (IOException e) {
      throw new UncheckedIOException("Unreadable manifest of the complete batch at " + batchDir, e);
    }
    if (manifest.path("count").asLong() != s.count() || manifest.path("seed").asLong() != s.seed()) {
      throw new JobFailedException("Batch " + s.batchId() + " at " + batchDir + " is complete with count "
          + manifest.path("count").asLong() + " and seed " + manifest.path("seed").asLong() + ", not the requested "
          + s.count() + " and " + s.seed() + "; pass --overwrite to replace it or use another --batch-id");
    }
    ProgressLog.line("generate: batch " + s.batchId() + " is already complete at " + batchDir + "; nothing to do");
    return manifest;
  }

  /** The generator's training images (its run's dataset, less the held-out share) as novelty's reference. */
  private Novelty novelty(TrainedGenerator generator, TrainSettings train) {
    Path dataset = HadoopFiles.qualify(train.input(), conf);
    JsonNode manifest = trainingManifest(dataset, "are needed for its tokens' novelty: set "
        + "nftgen.generate.metadata.novelty = false to generate without it");
    long trainCount = train.trainingImages(DatasetReader.count(manifest));
    java.util.Map<Long, String> sources = new java.util.HashMap<>();
    manifest.path("records").forEach(r -> sources.put(r.path("index").asLong(), r.path("source").asText()));
    int side = generator.settings().resolution();
    List<Novelty.Token> tokens = new ArrayList<>();
    // Thumbnails made on the executors: the driver holds 768 bytes per training image, not the image.
    for (scala.Tuple2<Long, byte[]> row : DatasetReader.images(spark, dataset, side, 0, trainCount)
        .mapValues(rgb -> Novelty.thumbnail(new RgbImage(side, side, rgb)).rgb()).collect()) {
      tokens.add(new Novelty.Token(row._1(), sources.getOrDefault(row._1(), ""),
          new RgbImage(Novelty.SIDE, Novelty.SIDE, row._2())));
    }
    tokens.sort(Comparator.comparingLong(Novelty.Token::index));
    return new Novelty(tokens);
  }

  /**
   * The palette of the generator's training images at its side (the same images as novelty's), each
   * partition counting its own; whether generation snaps to it depends on {@link CollectionPalette#flat()}.
   */
  private CollectionPalette palette(TrainedGenerator generator, TrainSettings train, PaletteSettings settings) {
    Path dataset = HadoopFiles.qualify(train.input(), conf);
    JsonNode manifest = trainingManifest(dataset, "give the palette its images are snapped to: set "
        + "nftgen.denoise.palette.mode = off to generate without it");
    long trainCount = train.trainingImages(DatasetReader.count(manifest));
    CollectionPalette palette = CollectionPalette.ofDataset(spark, dataset, generator.settings().resolution(), trainCount, settings);
    ProgressLog.format("generate: the collection's %d most frequent colours cover %.1f%% of its pixels: %s",
        palette.size(), 100 * palette.coverage(), palette.flat() ? "flat art, images are snapped to them"
            : "not flat (nftgen.denoise.palette.coverage = " + settings.coverage() + "), images keep their colours");
    return palette;
  }

  /**
   * The pixel grid of the generator's first training images at its side (at most
   * {@link PixelGrid#MAX_IMAGES}); generation averages onto it when {@link PixelGrid#found()}.
   */
  private PixelGrid pixelGrid(TrainedGenerator generator, TrainSettings train, PixelGridSettings settings) {
    Path dataset = HadoopFiles.qualify(train.input(), conf);
    JsonNode manifest = trainingManifest(dataset, "tell whether it is pixel art on a grid: set "
        + "nftgen.denoise.pixel-grid.mode = off to generate without it");
    PixelGrid grid = PixelGrid.ofDataset(spark, dataset, generator.settings().resolution(),
        train.trainingImages(DatasetReader.count(manifest)), settings);
    ProgressLog.format("generate: %s", grid.found()
        ? "pixel art on a grid of " + grid.cells() + " x " + grid.cells() + " cells: images are averaged onto it"
        : String.format("not pixel art on a grid (the best grid fits %.1f%% of the pixels, "
            + "nftgen.denoise.pixel-grid.min-share = %s)", 100 * grid.share(),
            settings.minShare()));
    return grid;
  }

  /** The manifest of the generator's dataset; if it cannot be read, the error says what the images {@code areFor}. */
  private JsonNode trainingManifest(Path dataset, String areFor) {
    try {
      return DatasetReader.manifest(dataset, conf);
    } catch (SettingsException e) {
      throw new SettingsException(e.getMessage() + "; the generator's training images " + areFor);
    }
  }

  /** Writes the token metadata files in parallel, each whole (a re-run writes the same bytes). */
  private void writeMetadata(List<BatchMetadata.File> files, String dir, int partitions,
      Broadcast<SerializableHadoopConf> sharedConf) {
    jsc.parallelize(files, Math.max(1, partitions)).foreachPartition(it -> {
      Configuration c = sharedConf.value().get();
      while (it.hasNext()) {
        BatchMetadata.File f = it.next();
        HadoopFiles.writeAtomically(new Path(dir, f.key()), f.bytes(), c);
      }
    });
  }
}
