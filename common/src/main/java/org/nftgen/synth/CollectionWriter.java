package org.nftgen.synth;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nftgen.image.PngCodec;
import org.nftgen.io.HadoopFiles;
import org.nftgen.io.Json;

/**
 * Writes tokens of an embedded collection in the layout of a real NFT dump:
 * {@code images/<id>.png} and {@code metadata/<id>.json} under the collection root.
 */
public final class CollectionWriter {
  public static final String IMAGES = "images";
  public static final String METADATA = "metadata";
  /** Written last; its presence means the collection is complete. */
  public static final String COLLECTION_MANIFEST = "collection.json";

  private final CollectionStyle style;
  private final SynthSettings settings;
  private final CollectionPlan plan;
  private final Path root;

  public CollectionWriter(SynthSettings settings, CollectionPlan plan) {
    this.settings = settings;
    this.plan = plan;
    this.style = CollectionStyle.named(settings.style());
    this.root = new Path(settings.output());
  }

  /**
   * Draws and writes one token; rewriting a token gives identical bytes. Files are written in
   * place: the collection is published as a whole by {@link #COLLECTION_MANIFEST}, written last.
   */
  public void write(long id, Configuration conf) {
    Token token = plan.token(id);
    byte[] png = PngCodec.encode(style.draw(token, settings.size()));
    String imageName = id + ".png";
    HadoopFiles.write(new Path(new Path(root, IMAGES), imageName), png, conf);
    String metadata = Json.pretty(TokenMetadata.of(style, token, IMAGES + "/" + imageName));
    HadoopFiles.write(new Path(new Path(root, METADATA), id + ".json"),
        metadata.getBytes(java.nio.charset.StandardCharsets.UTF_8), conf);
  }
}
