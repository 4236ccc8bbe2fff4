package org.nftgen.metrics.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nftgen.data.DatasetReader;
import org.nftgen.image.RgbImage;
import org.nftgen.io.HadoopFiles;
import org.nftgen.io.Json;
import org.nftgen.io.ProgressLog;
import org.nftgen.run.CheckpointStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collection's trained feature network, cached beside its dataset in {@code yardstick/}: it is
 * trained once per dataset, training split and settings (the folder name is a SHA-256 of all of
 * them), then reused by every evaluation, so that two runs on one dataset are measured with the
 * same features.
 *
 * <p>Layout: {@code yardstick/features-<key>/state.f32} (the network's parameters and
 * standardisation as little-endian floats: plain numbers, never deserialised objects) and
 * {@code features.json} (the settings, the state's SHA-256, the final training loss), written
 * last. A state whose hash or length does not match is refused and retrained. A dataset that cannot
 * be written to (a read-only bucket) still gets its features, retrained each time, with a warning.
 */
public final class YardstickStore {
  private static final Logger LOG = LoggerFactory.getLogger(YardstickStore.class);
  /** A saved state larger than this is not ours (the default network is ~2 MB). */
  private static final long MAX_STATE_BYTES = 512L << 20;
  private static final long MAX_JSON_BYTES = 1L << 20;

  private YardstickStore() {}

  /** The features of {@code dataset}'s first {@code training.size()} images, trained or loaded. */
  public static CollectionFeatures features(Path dataset, String datasetIdentity, List<RgbImage> training,
      YardstickSettings.Network requested, int side, Configuration conf) {
    YardstickSettings.Network s = CollectionFeatures.forImages(requested, training.size());
    String key = CheckpointStore.sha256((datasetIdentity + "|" + training.size() + "|" + s + "|" + side + "|v1")
        .getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    Path folder = new Path(new Path(dataset, "yardstick"), "features-" + key);
    Path state = new Path(folder, "state.f32");
    Path marker = new Path(folder, "features.json");
    if (HadoopFiles.exists(marker, conf)) {
      try {
        JsonNode info = Json.mapper().readTree(HadoopFiles.readAll(marker, MAX_JSON_BYTES, conf));
        byte[] bytes = HadoopFiles.readAll(state, MAX_STATE_BYTES, conf);
        String sha = CheckpointStore.sha256(bytes);
        if (!sha.equals(info.path("stateSha256").asText())) {
          throw new IllegalStateException("its SHA-256 " + sha + " is not the recorded one");
        }
        ProgressLog.format("evaluate: collection features from %s", folder);
        return CollectionFeatures.restore(floats(bytes), s, side, info.path("finalLoss").asDouble())
            .fingerprint(sha.substring(0, 16));
      } catch (Exception e) {
        LOG.warn(String.format(java.util.Locale.ROOT, "evaluate: refusing the cached collection features at %s (%s); retraining",
            folder, e.getMessage()));
      }
    }
    long start = System.nanoTime();
    ProgressLog.format("evaluate: training the collection's feature network (%d exemplars, %d steps)",
        s.classes(), s.iterations());
    CollectionFeatures features = CollectionFeatures.train(training, s, side);
    double seconds = (System.nanoTime() - start) / 1e9;
    byte[] bytes = bytes(features.state());
    String sha = CheckpointStore.sha256(bytes);
    features.fingerprint(sha.substring(0, 16));
    ProgressLog.format("evaluate: feature network trained in %.1f s (final loss %.3f, chance %.3f)", seconds,
        features.finalLoss(), Math.log(s.classes()));
    try {
      HadoopFiles.writeAtomically(state, bytes, conf);
      ObjectNode info = Json.object();
      info.put("describe", features.describe()).put("stateSha256", sha).put("finalLoss", features.finalLoss())
          .put("chanceLoss", Math.log(s.classes())).put("trainingImages", training.size())
          .put("trainingSeconds", seconds);
      HadoopFiles.writeString(marker, Json.pretty(info), conf);
    } catch (RuntimeException e) {
      LOG.warn(String.format(java.util.Locale.ROOT, "evaluate: cannot cache the collection features at %s (%s)", folder,
          e.getMessage()));
    }
    return features;
  }

  /** A prepared dataset's identity for cache keys: the SHA-256 of its manifest (re-preparing changes it). */
  public static String datasetIdentity(Path dataset, Configuration conf) {
    return CheckpointStore.sha256(DatasetReader.manifest(dataset, conf).toString().getBytes(StandardCharsets.UTF_8));
  }

  static byte[] bytes(float[] values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(values);
    return buffer.array();
  }

  static float[] floats(byte[] bytes) {
    if (bytes.length % 4 != 0) {
      throw new IllegalArgumentException("a float state of " + bytes.length + " bytes");
    }
    float[] out = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }
}
