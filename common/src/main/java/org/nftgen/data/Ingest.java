package org.nftgen.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.nftgen.io.HadoopFiles;
import org.nftgen.io.Json;
import org.nftgen.io.ProgressLog;
import org.nftgen.io.SerializableHadoopConf;
import org.nftgen.run.JobFailedException;
import org.nftgen.run.OutputGuard;

/**
 * The ingest behind {@code prepare}: a raw collection from any Hadoop path into a training dataset.
 *
 * <p>Pass 1 decodes every file on the executors and brings a small verdict per file back to the
 * driver, which drops exact duplicates (same decoded pixels; the first path in order is kept) and
 * checks the rejection rate before anything is written. Pass 2 decodes the keepers again, resizes
 * them to each training resolution and writes Parquet shards. {@code manifest.json}, written last,
 * accounts for every input file and marks the dataset complete.
 */
public final class Ingest {
  private final SparkSession spark;
  private final JavaSparkContext jsc;
  private final Configuration conf;
  private final PrepareSettings settings;

  public Ingest(SparkSession spark, Configuration conf, PrepareSettings settings) {
    this.spark = spark;
    this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    this.conf = conf;
    this.settings = settings;
  }

  /**
   * Ingests the collection at {@code input} into a dataset at {@code output} (both qualified);
   * {@code saveConfig} writes the job's configuration into the dataset before its manifest.
   */
  public void run(Path input, Path output, Consumer<Path> saveConfig) {
    checkPaths(input, output);
    checkOutput(output, settings.overwrite());

    long start = System.nanoTime();
    List<HadoopFiles.ListedFile> files = HadoopFiles.listFiles(input, conf);
    if (files.isEmpty()) {
      throw new JobFailedException("No files under input " + input);
    }
    List<HadoopFiles.ListedFile> metadataFiles = metadataFiles(files, input);
    List<HadoopFiles.ListedFile> imageFiles = new ArrayList<>(files);
    imageFiles.removeAll(metadataFiles);
    List<ScannedFile> verdicts = scan(imageFiles, input);
    List<ScannedFile> keepers = new ArrayList<>();
    List<ScannedFile> rejected = new ArrayList<>();
    dropDuplicates(verdicts, keepers, rejected);
    MetadataIngest metadata = metadata(metadataFiles, input, verdicts, keepers);
    Map<String, Long> byReason = countByReason(rejected);
    long bad = rejected.stream().filter(s -> s.reason().countsAsBadImage()).count();
    long imageLike = verdicts.size() - byReason.getOrDefault(RejectReason.NOT_AN_IMAGE.label(), 0L);
    double rejectedFraction = imageLike == 0 ? 0 : (double) bad / imageLike;
    double scanSeconds = (System.nanoTime() - start) / 1e9;
    if (keepers.isEmpty()) {
      throw new JobFailedException("Nothing usable under " + input + ": " + verdicts.size()
          + " files, all rejected " + byReason + examples(rejected));
    }
    if (rejectedFraction > settings.maxRejectedFraction()) {
      throw new JobFailedException(String.format(
          "%.1f%% of the image files under %s are damaged (%d of %d), more than max-rejected-fraction %.1f%%: %s%s",
          100 * rejectedFraction, input, bad, imageLike, 100 * settings.maxRejectedFraction(), byReason,
          examples(rejected)));
    }
    if (metadata.refusedFraction() > settings.maxRejectedFraction()) {
      throw new JobFailedException(String.format(
          "%.1f%% of the metadata entries under %s are refused (%d of %d), more than max-rejected-fraction %.1f%%: %s%s",
          100 * metadata.refusedFraction(), input, metadata.refused().size(), metadata.entries(),
          100 * settings.maxRejectedFraction(), metadata.refusedByReason(), metadataExamples(metadata)));
    }

    long writeStart = System.nanoTime();
    unpublish(output);
    writeShards(keepers, metadata.traitsByKeeper(), output);
    double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
    double seconds = (System.nanoTime() - start) / 1e9;

    saveConfig.accept(output);
    ObjectNode manifest = manifest(input, output, settings, keepers, rejected, byReason, rejectedFraction, metadata);
    ObjectNode timings = manifest.putObject("timings");
    timings.put("scanSeconds", round(scanSeconds));
    timings.put("writeSeconds", round(writeSeconds));
    timings.put("totalSeconds", round(seconds));
    timings.put("filesPerSecond", round(files.size() / seconds));
    HadoopFiles.writeString(new Path(output, PreparedDataset.MANIFEST), Json.pretty(manifest), conf);
    ProgressLog.format("prepare: %d accepted, %d rejected %s from %s in %.1f s (%.0f files/s)",
        keepers.size(), rejected.size(), byReason, input, seconds, files.size() / seconds);
    if (metadata.entries() > 0) {
      ProgressLog.format("prepare: traits for %d of %d images (%d trait types) from %d metadata files; %d entries"
          + " refused %s", metadata.traitsByKeeper().size(), keepers.size(), metadata.vocabulary().counts().size(),
          metadata.files(), metadata.refused().size(), metadata.refusedByReason());
    }
    ProgressLog.format("prepare: dataset written to %s (manifest: %s)", output,
        new Path(output, PreparedDataset.MANIFEST));
  }

  /**
   * The metadata files among the listed ones: .json / .csv files in a metadata folder, and the
   * collection-level file, which may also lie outside the input.
   */
  private List<HadoopFiles.ListedFile> metadataFiles(List<HadoopFiles.ListedFile> files, Path input) {
    PrepareSettings.Metadata meta = settings.metadata();
    List<HadoopFiles.ListedFile> out = new ArrayList<>();
    Path collectionFile = null;
    if (!meta.file().isEmpty()) {
      try {
        collectionFile = HadoopFiles.qualify(meta.file().contains(":") || meta.file().startsWith("/") ? meta.file()
            : new Path(input, meta.file()).toString(), conf);
      } catch (IllegalArgumentException e) {
        throw new JobFailedException("Setting 'nftgen.prepare.metadata.file' is not a valid path or URI: "
            + meta.file());
      }
    }
    boolean collectionListed = false;
    for (HadoopFiles.ListedFile f : files) {
      boolean isCollectionFile = f.path().equals(collectionFile);
      collectionListed |= isCollectionFile;
      if (isCollectionFile || meta.isPerTokenFile(relative(input, f.path()))) {
        out.add(f);
      }
    }
    if (collectionFile != null && !collectionListed) {
      try {
        out.add(new HadoopFiles.ListedFile(collectionFile,
            HadoopFiles.fileSystem(collectionFile, conf).getFileStatus(collectionFile).getLen()));
      } catch (IOException e) {
        throw new JobFailedException("Setting 'nftgen.prepare.metadata.file' names " + collectionFile
            + ", which cannot be read: " + e.getMessage());
      }
    }
    return out;
  }

  /** Parses the metadata files on the executors and matches their tokens to the images. */
  private MetadataIngest metadata(List<HadoopFiles.ListedFile> files, Path input, List<ScannedFile> verdicts,
      List<ScannedFile> keepers) {
    List<TokenTraits.Parsed> parsed = List.of();
    if (!files.isEmpty()) {
      List<String[]> listed = new ArrayList<>();
      for (HadoopFiles.ListedFile f : files) {
        listed.add(new String[] {f.path().toString(), relative(input, f.path())});
      }
      TokenTraits.Limits limits = settings.metadata().limits();
      Broadcast<SerializableHadoopConf> hadoop = jsc.broadcast(new SerializableHadoopConf(conf));
      int partitions = Math.max(1, Math.min(listed.size(), jsc.defaultParallelism() * 4));
      parsed = jsc.parallelize(listed, partitions)
          .flatMap(f -> MetadataFiles.read(f[0], f[1], limits, hadoop.value().get()).iterator()).collect();
    }
    List<String> imageSources = new ArrayList<>();
    for (ScannedFile v : verdicts) {
      if (v.reason() != RejectReason.NOT_AN_IMAGE) {
        imageSources.add(v.source());
      }
    }
    List<String> keeperSources = keepers.stream().map(ScannedFile::source).toList();
    return MetadataIngest.of(files.size(), parsed, imageSources, keeperSources);
  }

  /** Pass 1: a verdict for every file, decoded in parallel. */
  private List<ScannedFile> scan(List<HadoopFiles.ListedFile> files, Path input) {
    PrepareSettings settings = this.settings; // what the executors' closures capture, not this
    List<String[]> listed = new ArrayList<>();
    for (HadoopFiles.ListedFile f : files) {
      listed.add(new String[] {f.path().toString(), relative(input, f.path()), Long.toString(f.length())});
    }
    int partitions = settings.partitions() > 0 ? settings.partitions() : jsc.defaultParallelism() * 4;
    partitions = Math.max(1, Math.min(partitions, listed.size()));
    Broadcast<SerializableHadoopConf> hadoop = jsc.broadcast(new SerializableHadoopConf(conf));
    List<ScannedFile> verdicts = jsc.parallelize(listed, partitions).mapPartitions(it -> {
      FileScanner scanner = new FileScanner(settings);
      List<ScannedFile> out = new ArrayList<>();
      while (it.hasNext()) {
        String[] f = it.next();
        out.add(scanner.scan(f[0], f[1], Long.parseLong(f[2]), hadoop.value().get()).verdict());
      }
      return out.iterator();
    }).collect();
    List<ScannedFile> sorted = new ArrayList<>(verdicts);
    sorted.sort(Comparator.comparing(ScannedFile::path));
    return sorted;
  }

  /** Keeps the first file (in path order) of each distinct picture; the others become duplicates. */
  static void dropDuplicates(List<ScannedFile> verdicts, List<ScannedFile> keepers, List<ScannedFile> rejected) {
    Map<String, ScannedFile> firstByHash = new HashMap<>();
    for (ScannedFile v : verdicts) {
      if (!v.isAccepted()) {
        rejected.add(v);
        continue;
      }
      ScannedFile first = firstByHash.putIfAbsent(v.pixelHash(), v);
      if (first == null) {
        keepers.add(v);
      } else {
        rejected.add(v.asDuplicateOf(first));
      }
    }
  }

  /** Pass 2: decode the keepers again, resize to every resolution, write Parquet shards. */
  private void writeShards(List<ScannedFile> keepers, Map<String, Map<String, String>> traits, Path output) {
    PrepareSettings settings = this.settings; // what the executors' closures capture, not this
    List<Object[]> indexed = new ArrayList<>();
    for (int i = 0; i < keepers.size(); i++) {
      Map<String, String> t = traits.get(keepers.get(i).source());
      indexed.add(new Object[] {(long) i, keepers.get(i), t == null ? null : new TreeMap<>(t)});
    }
    int shards = (int) Math.ceil(keepers.size() / (double) settings.recordsPerShard());
    int partitions = Math.max(1, Math.min(keepers.size(), Math.max(shards, jsc.defaultParallelism())));
    Broadcast<SerializableHadoopConf> hadoop = jsc.broadcast(new SerializableHadoopConf(conf));
    JavaRDD<Row> rows = jsc.parallelize(indexed, partitions).mapPartitions(it -> {
      FileScanner scanner = new FileScanner(settings);
      ImagePreparer preparer = new ImagePreparer(settings);
      List<Row> out = new ArrayList<>();
      while (it.hasNext()) {
        Object[] item = it.next();
        ScannedFile kept = (ScannedFile) item[1];
        FileScanner.Scan again = scanner.scan(kept.path(), kept.source(), kept.bytes(), hadoop.value().get());
        if (again.image() == null || !again.verdict().pixelHash().equals(kept.pixelHash())) {
          throw new IllegalStateException("Input file changed while it was being ingested: " + kept.path());
        }
        List<Object> values = new ArrayList<>(List.of(item[0], kept.source(), kept.pixelHash(), kept.width(),
            kept.height(), kept.format(), kept.mode()));
        // Spark's Row encoder takes Scala maps only.
        values.add(item[2] == null ? null : scala.collection.JavaConverters.mapAsScalaMap((Map<?, ?>) item[2]));
        values.addAll(preparer.prepare(again.image()).values());
        out.add(RowFactory.create(values.toArray()));
      }
      return out.iterator();
    });
    spark.createDataFrame(rows, schema(settings)).write().mode(SaveMode.Overwrite)
        .parquet(new Path(output, PreparedDataset.DATA).toString());
  }

  static StructType schema(PrepareSettings settings) {
    List<StructField> fields = new ArrayList<>(List.of(
        DataTypes.createStructField(PreparedDataset.INDEX, DataTypes.LongType, false),
        DataTypes.createStructField(PreparedDataset.SOURCE, DataTypes.StringType, false),
        DataTypes.createStructField(PreparedDataset.SHA256, DataTypes.StringType, false),
        DataTypes.createStructField(PreparedDataset.WIDTH, DataTypes.IntegerType, false),
        DataTypes.createStructField(PreparedDataset.HEIGHT, DataTypes.IntegerType, false),
        DataTypes.createStructField(PreparedDataset.FORMAT, DataTypes.StringType, false),
        DataTypes.createStructField(PreparedDataset.MODE, DataTypes.StringType, false),
        DataTypes.createStructField(PreparedDataset.TRAITS,
            DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, false), true)));
    for (int side : settings.resolutions()) {
      fields.add(DataTypes.createStructField(PreparedDataset.pixelsColumn(side), DataTypes.BinaryType, false));
    }
    return DataTypes.createStructType(fields);
  }

  private static ObjectNode manifest(Path input, Path output, PrepareSettings settings, List<ScannedFile> keepers,
      List<ScannedFile> rejected, Map<String, Long> byReason, double rejectedFraction, MetadataIngest metadata) {
    ObjectNode m = Json.object();
    m.put("input", input.toString());
    m.put("output", output.toString());
    m.put("accepted", keepers.size());
    m.put("rejected", rejected.size());
    ObjectNode reasons = m.putObject("rejectedByReason");
    byReason.forEach(reasons::put);
    m.put("rejectedFraction", round(rejectedFraction));
    m.set("metadata", metadata.toJson());
    m.set(PreparedDataset.TRAITS, metadata.vocabularyJson());
    ObjectNode data = m.putObject("data");
    data.put("format", "parquet");
    data.put("path", PreparedDataset.DATA);
    data.put("layout", "one row per image; rgb<side> columns hold side*side*3 bytes, row-major RGB (HWC)");
    ObjectNode shapes = m.putObject("shapes");
    for (int side : settings.resolutions()) {
      shapes.putArray(PreparedDataset.pixelsColumn(side)).add(side).add(side).add(3);
    }
    ArrayNode records = m.putArray("records");
    for (int i = 0; i < keepers.size(); i++) {
      ScannedFile k = keepers.get(i);
      ObjectNode r = records.addObject();
      r.put(PreparedDataset.INDEX, i);
      r.put(PreparedDataset.SOURCE, k.source());
      r.put(PreparedDataset.SHA256, k.pixelHash());
      r.put(PreparedDataset.WIDTH, k.width());
      r.put(PreparedDataset.HEIGHT, k.height());
      r.put(PreparedDataset.FORMAT, k.format());
      r.put(PreparedDataset.MODE, k.mode());
      Map<String, String> traits = metadata.traitsByKeeper().get(k.source());
      if (traits != null) {
        ObjectNode t = r.putObject(PreparedDataset.TRAITS);
        new TreeMap<>(traits).forEach(t::put);
      }
    }
    ArrayNode rejects = m.putArray("rejectedFiles");
    for (ScannedFile r : rejected) {
      ObjectNode o = rejects.addObject();
      o.put("path", r.source());
      o.put("reason", r.reason().label());
      o.put("detail", r.detail());
    }
    return m;
  }

  static Map<String, Long> countByReason(List<ScannedFile> rejected) {
    Map<String, Long> counts = new TreeMap<>();
    for (ScannedFile r : rejected) {
      counts.merge(r.reason().label(), 1L, Long::sum);
    }
    return counts;
  }

  /** A few rejected files for an error message, damaged images first. */
  private static String examples(List<ScannedFile> rejected) {
    StringBuilder sb = new StringBuilder();
    rejected.stream().sorted(Comparator.comparing((ScannedFile r) -> !r.reason().countsAsBadImage())).limit(5)
        .forEach(r -> sb.append("\n  ").append(r.source()).append(": ").append(r.reason().label())
            .append(" (").append(r.detail()).append(')'));
    return sb.toString();
  }

  private static String metadataExamples(MetadataIngest metadata) {
    StringBuilder sb = new StringBuilder();
    metadata.refused().stream().limit(5).forEach(p -> sb.append("\n  ").append(p.source()).append(": ")
        .append(p.problem().label()).append(" (").append(p.detail()).append(')'));
    return sb.toString();
  }

  /** The file's path below the input root, as recorded in the manifest. */
  static String relative(Path root, Path file) {
    String r = root.toUri().getPath();
    String f = file.toUri().getPath();
    if (f.equals(r)) {
      return file.getName();
    }
    String prefix = r.endsWith("/") ? r : r + "/";
    return f.startsWith(prefix) ? f.substring(prefix.length()) : f;
  }

  private static void checkPaths(Path input, Path output) {
    String in = input.toString() + "/";
    String out = output.toString() + "/";
    if (out.startsWith(in) || in.startsWith(out)) {
      throw new JobFailedException("Input " + input + " and output " + output
          + " overlap; the dataset must be written outside the collection it is read from");
    }
  }

  /** Refuses to replace a complete dataset unless told to, and anything that is not a dataset. */
  private void checkOutput(Path output, boolean overwrite) {
    OutputGuard.check(output, Set.of(PreparedDataset.DATA, PreparedDataset.MANIFEST, PreparedDataset.CONFIG),
        PreparedDataset.MANIFEST, overwrite, "dataset", "nftgen.prepare.overwrite", conf);
  }

  /**
   * Removes the manifest of a dataset about to be replaced, so that a crash while rewriting cannot
   * leave the old manifest over new data. Called only once the new dataset is known to be good.
   */
  private void unpublish(Path output) {
    try {
      HadoopFiles.fileSystem(output, conf).delete(new Path(output, PreparedDataset.MANIFEST), false);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot replace dataset at " + output + ": " + e.getMessage(), e);
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
