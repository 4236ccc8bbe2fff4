package org.nftgen.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.broadcast.Broadcast;
import org.nftgen.io.HadoopFiles;
import org.nftgen.io.Json;
import org.nftgen.io.ProgressLog;
import org.nftgen.io.SerializableHadoopConf;
import org.nftgen.run.OutputGuard;
import org.nftgen.synth.CollectionPlan;
import org.nftgen.synth.CollectionStyle;
import org.nftgen.synth.CollectionWriter;
import org.nftgen.synth.SynthSettings;
import org.nftgen.synth.Token;
import org.nftgen.synth.Trait;

/**
 * {@code synth}: draws the embedded collection (PNGs and ERC-721 metadata) in parallel, one
 * partition of token ids per task. Writes {@code collection.json} last: a collection without it is
 * incomplete, and re-running completes it with identical bytes.
 */
public final class SynthJob {
  static final JobCli CLI = JobCli.of("synth", "Draws the embedded trait-layered collection.")
      .flag("--output", "nftgen.synth.output", "where to write the collection")
      .flag("--style", "nftgen.synth.style", "apes or punks")
      .flag("--count", "nftgen.synth.count", "number of tokens")
      .toggle("--overwrite", "nftgen.synth.overwrite", "replace an existing collection");

  private SynthJob() {}

  public static void main(String[] args) {
    JobMain.execute(CLI, args, SynthSettings::from, SynthJob::run);
  }

  /** Draws the collection; returns its qualified root. */
  public static Path run(SynthSettings settings, Config config) {
    SparkRuntime runtime = SparkRuntime.start("synth", config);
    Path root = runtime.qualify(settings.output());
    SynthSettings qualified = new SynthSettings(root.toString(), settings.style(), settings.count(),
        settings.seed(), settings.size(), settings.partitions(), settings.overwrite());
    prepareOutput(root, settings.overwrite(), runtime);
    runtime.saveConfig(root);

    long start = System.nanoTime();
    CollectionPlan plan = CollectionPlan.of(CollectionStyle.named(settings.style()), settings.seed(), settings.count());
    Broadcast<CollectionPlan> sharedPlan = runtime.context().broadcast(plan);
    int partitions = settings.partitions() > 0 ? settings.partitions() : runtime.defaultParallelism() * 4;
    partitions = (int) Math.max(1, Math.min(partitions, settings.count()));
    Broadcast<SerializableHadoopConf> conf =
        runtime.context().broadcast(new SerializableHadoopConf(runtime.hadoop()));
    runtime.session().range(0, settings.count(), 1, partitions).javaRDD().foreachPartition(ids -> {
      CollectionWriter writer = new CollectionWriter(qualified, sharedPlan.value());
      while (ids.hasNext()) {
        writer.write(ids.next(), conf.value().get());
      }
    });
    double seconds = (System.nanoTime() - start) / 1e9;

    HadoopFiles.writeString(new Path(root, CollectionWriter.COLLECTION_MANIFEST),
        Json.pretty(collectionManifest(qualified, plan, seconds)), runtime.hadoop());
    ProgressLog.format("synth: wrote %d %s tokens to %s in %.1f s (%.0f tokens/s)",
        settings.count(), settings.style(), root, seconds, settings.count() / seconds);
    return root;
  }

  /** Refuses to write over anything that is not an earlier, incomplete or replaceable, collection. */
  private static void prepareOutput(Path root, boolean overwrite, SparkRuntime runtime) {
    Set<String> ours = Set.of(CollectionWriter.IMAGES, CollectionWriter.METADATA,
        CollectionWriter.COLLECTION_MANIFEST, "config.conf");
    if (OutputGuard.check(root, ours, CollectionWriter.COLLECTION_MANIFEST, overwrite, "collection",
        "nftgen.synth.overwrite", runtime.hadoop())) {
      // Unpublish first: a crash while redrawing must not leave the old marker over new files.
      HadoopFiles.deleteRecursively(new Path(root, CollectionWriter.COLLECTION_MANIFEST), runtime.hadoop());
      HadoopFiles.deleteRecursively(new Path(root, CollectionWriter.IMAGES), runtime.hadoop());
      HadoopFiles.deleteRecursively(new Path(root, CollectionWriter.METADATA), runtime.hadoop());
    }
  }

  /** The collection's description, with how often each trait value was actually drawn. */
  static ObjectNode collectionManifest(SynthSettings settings, CollectionPlan plan, double seconds) {
    CollectionStyle style = CollectionStyle.named(settings.style());
    Map<String, Map<String, Long>> drawn = new TreeMap<>();
    for (long id = 0; id < settings.count(); id++) {
      Token token = plan.token(id);
      for (Map.Entry<String, Trait.Value> e : token.traits().entrySet()) {
        drawn.computeIfAbsent(e.getKey(), k -> new TreeMap<>()).merge(e.getValue().name(), 1L, Long::sum);
      }
    }
    ObjectNode json = Json.object();
    json.put("name", style.collectionName());
    json.put("style", style.name());
    json.put("count", settings.count());
    json.put("seed", settings.seed());
    json.put("size", settings.size());
    json.put("images", CollectionWriter.IMAGES + "/<id>.png");
    json.put("metadata", CollectionWriter.METADATA + "/<id>.json");
    json.put("redrawnForUniqueness", plan.redrawn());
    json.put("seconds", Math.round(seconds * 100) / 100.0);
    ObjectNode traits = json.putObject("traits");
    for (Trait t : style.traits()) {
      ObjectNode type = traits.putObject(t.type());
      for (Trait.Value v : t.values()) {
        ObjectNode value = type.putObject(v.name());
        value.put("weight", v.weight());
        value.put("drawn", drawn.getOrDefault(t.type(), Map.of()).getOrDefault(v.name(), 0L));
      }
    }
    return json;
  }
}
