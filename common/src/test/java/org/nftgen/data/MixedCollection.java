package org.nftgen.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Real image files of every mode the ingest job must accept, and every kind of bad file it must
 * reject, written by the JDK's own encoders (no fixtures in git). Each valid image is one flat
 * colour so tests can check the decoded pixels; each colour is distinct so no two are duplicates.
 */
public final class MixedCollection {
  /** File name to the expected verdict: null for accepted, else the reject reason's label. */
  public final Map<String, String> expected = new LinkedHashMap<>();
  /** File name to the colour (0xRRGGBB) an accepted file must decode to. */
  public final Map<String, Integer> colours = new LinkedHashMap<>();
  /**
   * Metadata entry (file, or file#row) to the reason it must be refused with; null for one that
   * must match an image (the image may itself be rejected).
   */
  public final Map<String, String> metadata = new LinkedHashMap<>();
  /** Accepted image to the traits its metadata gives it. */
  public final Map<String, Map<String, String>> traits = new LinkedHashMap<>();
  /** File name to the format and mode recorded for accepted files. */
  public final Map<String, String> modes = new LinkedHashMap<>();

  private final Path dir;

  private MixedCollection(Path dir) {
    this.dir = dir;
  }

  /** Writes the collection into {@code dir} (which must exist) and says what each file should give. */
  public static MixedCollection write(Path dir) {
    MixedCollection c = new MixedCollection(dir);
    try {
      c.writeAll();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return c;
  }

  private void writeAll() throws IOException {
    // Valid images, one per mode.
    accept("rgb8.png", "png", "rgb8", 0xC83214, encode(flat(BufferedImage.TYPE_INT_RGB, 0xC83214), "png"));
    accept("rgba8.png", "png", "rgba8", 0x7FFF7F, encode(translucentGreen(), "png"));
    accept("grey8.png", "png", "grey8", 0x808080, encode(grey8(128), "png"));
    accept("grey16.png", "png", "grey16", 0x404040, encode(grey16(0x4040), "png"));
    accept("greyalpha.png", "png", "greya8", 0xFFFFFF, encode(greyAlphaTransparent(), "png"));
    accept("rgb16.png", "png", "rgb16", 0x20A0E0, encode(rgb16(0x2020, 0xA0A0, 0xE0E0), "png"));
    accept("palette.png", "png", "palette", 0x1E3C5A, encode(palette(0x1E3C5A, false), "png"));
    accept("palette-transparent.png", "png", "palette", 0xFFFFFF, encode(palette(0x00FF00, true), "png"));
    accept("photo.jpg", "jpeg", "rgb8", 0x3C78B6, encode(flat(BufferedImage.TYPE_INT_RGB, 0x3C78B4), "jpeg"));
    accept("grey.jpeg", "jpeg", "grey8", 0x646464, encode(grey8(100), "jpeg"));
    accept("cmyk.jpg", "jpeg", "cmyk", 0xFF0000, cmykJpeg());
    accept("still.gif", "gif", "palette", 0xFFC800, encode(palette(0xFFC800, false), "gif"));
    accept("animated.gif", "gif", "palette", 0xDC143C, animatedGif(0xDC143C, 0x1434DC));
    accept("bitmap.bmp", "bmp", "rgb8", 0x6E2A8C, encode(flat(BufferedImage.TYPE_3BYTE_BGR, 0x6E2A8C), "bmp"));
    accept("nested/deeper/wide.png", "png", "rgb8", 0x0A6450, encode(sized(48, 24, 0x0A6450), "png"));
    accept("caf\u00e9 \u00fcml\u00e4ut.png", "png", "rgb8", 0x5A5A00, encode(flat(BufferedImage.TYPE_INT_RGB, 0x5A5A00), "png"));

    // Bad files, one per reason.
    reject("empty.png", "empty", new byte[0]);
    reject("notes.txt", "not-an-image", "trait list, not an image\n".getBytes(StandardCharsets.UTF_8));
    reject("garbage.png", "not-an-image", randomBytes(4096, 1));
    reject("garbage-after-signature.png", "corrupt", withPngSignature(randomBytes(4096, 2)));
    reject("truncated.png", "truncated", cut(encode(noisy(BufferedImage.TYPE_INT_RGB, 3), "png"), 0.5));
    reject("truncated.jpg", "truncated", cut(encode(noisy(BufferedImage.TYPE_INT_RGB, 4), "jpeg"), 0.5));
    reject("truncated.gif", "truncated", cut(encode(noisyPalette(5), "gif"), 0.5));
    reject("truncated.bmp", "truncated", cut(encode(noisy(BufferedImage.TYPE_3BYTE_BGR, 6), "bmp"), 0.5));
    reject("bomb.png", "too-large", pngHeaderOnly(100_000, 100_000));
    reject("tiny.png", "too-small", encode(sized(4, 4, 0x102030), "png"));
    reject("zz-duplicate-of-rgb8.png", "duplicate", encode(flat(BufferedImage.TYPE_INT_RGB, 0xC83214), "png"));

    // Metadata: matched by the image field, by token id, by the file's name and from a CSV table;
    // one entry per refusal reason that needs no image; one describing a rejected (duplicate) image.
    meta("metadata/rgb8.json", null, "{\"image\": \"rgb8.png\", \"attributes\": [{\"trait_type\": \"Colour\","
        + " \"value\": \"Red\"}, {\"trait_type\": \"Depth\", \"value\": 8}]}");
    traits.put("rgb8.png", Map.of("Colour", "Red", "Depth", "8"));
    meta("metadata/a.json", null, "{\"edition\": \"photo\", \"attributes\": [{\"trait_type\": \"Colour\","
        + " \"value\": \"Blue\"}]}");
    traits.put("photo.jpg", Map.of("Colour", "Blue"));
    meta("metadata/grey8.json", null, "{\"attributes\": [{\"trait_type\": \"Colour\", \"value\": \"Grey\"}]}");
    traits.put("grey8.png", Map.of("Colour", "Grey"));
    meta("metadata/zz-duplicate.json", null, "{\"image\": \"zz-duplicate-of-rgb8.png\", \"attributes\": []}");
    meta("metadata/1.json", "metadata-without-image", "{\"name\": \"#1\", \"attributes\": []}");
    meta("metadata/broken.json", "metadata-malformed", "{\"attributes\": [");
    meta("metadata/b.json", "metadata-attributes-not-a-list", "{\"image\": \"palette.png\", \"attributes\": "
        + "{\"Hat\": \"Fez\"}}");
    put("json/table.csv", "id,Colour,Hat\nstill,Yellow,\nbitmap,Purple,Cap\n".getBytes(StandardCharsets.UTF_8));
    metadata.put("json/table.csv#2", null);
    metadata.put("json/table.csv#3", null);
    traits.put("still.gif", Map.of("Colour", "Yellow"));
    traits.put("bitmap.bmp", Map.of("Colour", "Purple", "Hat", "Cap"));
  }

  private void meta(String name, String problem, String json) throws IOException {
    put(name, json.getBytes(StandardCharsets.UTF_8));
    metadata.put(name, problem);
  }

  /** Adds a file whose name is not valid UTF-8 (byte 0xFF); needs a shell, as Java cannot name it. */
  public void addUndecodableName() {
    try {
      Path good = dir.resolve("rgb8.png");
      Process p = new ProcessBuilder("bash", "-c", "cp rgb8.png \"$(printf 'bad-\\377-name.png')\"")
          .directory(dir.toFile()).inheritIO().start();
      if (p.waitFor() != 0 || !Files.exists(good)) {
        throw new IllegalStateException("could not create a file with an undecodable name");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    expected.put("bad-\uFFFD-name.png", "unreadable-name");
  }

  public long acceptedCount() {
    return expected.values().stream().filter(v -> v == null).count();
  }

  public Map<String, Long> rejectedByReason() {
    Map<String, Long> counts = new java.util.TreeMap<>();
    expected.values().stream().filter(v -> v != null).forEach(v -> counts.merge(v, 1L, Long::sum));
    return counts;
  }

  private void accept(String name, String format, String mode, int colour, byte[] data) throws IOException {
    put(name, data);
    expected.put(name, null);
    colours.put(name, colour);
    modes.put(name, format + "/" + mode);
  }

  private void reject(String name, String reason, byte[] data) throws IOException {
    put(name, data);
    expected.put(name, reason);
  }

  private void put(String name, byte[] data) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.write(file, data);
  }

  static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no " + format + " writer for image type " + image.getType());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static BufferedImage flat(int type, int rgb) {
    return sized(type, 32, 32, rgb);
  }

  static BufferedImage sized(int w, int h, int rgb) {
    return sized(BufferedImage.TYPE_INT_RGB, w, h, rgb);
  }

  private static BufferedImage sized(int type, int w, int h, int rgb) {
    BufferedImage image = new BufferedImage(w, h, type);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(rgb));
    g.fillRect(0, 0, w, h);
    g.dispose();
    return image;
  }

  private static BufferedImage noisy(int type, long seed) {
    BufferedImage image = new BufferedImage(96, 96, type);
    Random random = new Random(seed);
    for (int y = 0; y < 96; y++) {
      for (int x = 0; x < 96; x++) {
        image.setRGB(x, y, random.nextInt(0xFFFFFF));
      }
    }
    return image;
  }

  private static BufferedImage noisyPalette(long seed) {
    byte[] r = new byte[256];
    byte[] g = new byte[256];
    byte[] b = new byte[256];
    Random random = new Random(seed);
    random.nextBytes(r);
    random.nextBytes(g);
    random.nextBytes(b);
    BufferedImage image = new BufferedImage(96, 96, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 256, r, g, b));
    WritableRaster raster = image.getRaster();
    for (int y = 0; y < 96; y++) {
      for (int x = 0; x < 96; x++) {
        raster.setSample(x, y, 0, random.nextInt(256));
      }
    }
    return image;
  }

  /** Green at alpha 128/255 over the white background: 255 x 127/255 = 0x7F in red and blue. */
  private static BufferedImage translucentGreen() {
    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        image.setRGB(x, y, 0x8000FF00);
      }
    }
    return image;
  }

  private static BufferedImage grey8(int value) {
    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = image.getRaster();
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        raster.setSample(x, y, 0, value);
      }
    }
    return image;
  }

  private static BufferedImage grey16(int value) {
    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_USHORT_GRAY);
    WritableRaster raster = image.getRaster();
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        raster.setSample(x, y, 0, value);
      }
    }
    return image;
  }

  /** Grey with a fully transparent alpha channel: must come out as the white background. */
  private static BufferedImage greyAlphaTransparent() {
    ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
        Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
    // 40 px, so that it is not a duplicate of the 32 px transparent palette image (also all white).
    WritableRaster raster = cm.createCompatibleWritableRaster(40, 40);
    for (int y = 0; y < 40; y++) {
      for (int x = 0; x < 40; x++) {
        raster.setSample(x, y, 0, 10);
        raster.setSample(x, y, 1, 0);
      }
    }
    return new BufferedImage(cm, raster, false, null);
  }

  private static BufferedImage rgb16(int r, int g, int b) {
    ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
        Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
    WritableRaster raster = cm.createCompatibleWritableRaster(32, 32);
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        raster.setSample(x, y, 0, r);
        raster.setSample(x, y, 1, g);
        raster.setSample(x, y, 2, b);
      }
    }
    return new BufferedImage(cm, raster, false, null);
  }

  /** A 4-colour palette image filled with entry 1; with {@code transparent}, entry 1 is clear. */
  private static BufferedImage palette(int rgb, boolean transparent) {
    byte[] r = {0, (byte) (rgb >> 16), (byte) 255, 0};
    byte[] g = {0, (byte) (rgb >> 8), 0, (byte) 255};
    byte[] b = {0, (byte) rgb, 0, 0};
    IndexColorModel cm = transparent ? new IndexColorModel(2, 4, r, g, b, 1) : new IndexColorModel(2, 4, r, g, b);
    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_BINARY, cm);
    WritableRaster raster = image.getRaster();
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        raster.setSample(x, y, 0, 1);
      }
    }
    return image;
  }

  /** Two frames; only the first counts. */
  private static byte[] animatedGif(int first, int second) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.prepareWriteSequence(null);
      for (int rgb : new int[] {first, second}) {
        writer.writeToSequence(new IIOImage(palette(rgb, false), null, null), null);
      }
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /**
   * A CMYK JPEG as print workflows (Photoshop) make them: four channels, stored inverted, flagged by
   * an Adobe APP14 segment with transform 0. The JDK writes the channels; the segment is added
   * after SOI. Inverted (255, 0, 0, 255) is CMYK (0, 100%, 100%, 0): red.
   */
  private static byte[] cmykJpeg() throws IOException {
    WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 32, 32, 4, null);
    int[] inverted = {255, 0, 0, 255};
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        raster.setPixel(x, y, inverted);
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(raster, null, null), null);
    } finally {
      writer.dispose();
    }
    byte[] plain = bytes.toByteArray();
    byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0x00, 0x0E, 'A', 'd', 'o', 'b', 'e', 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00};
    ByteArrayOutputStream flagged = new ByteArrayOutputStream();
    flagged.write(plain, 0, 2);
    flagged.writeBytes(adobe);
    flagged.write(plain, 2, plain.length - 2);
    return flagged.toByteArray();
  }

  /** A PNG that declares width x height and holds almost nothing: a decompression bomb's header. */
  static byte[] pngHeaderOnly(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    byte[] ihdr = new byte[13];
    putInt(ihdr, 0, width);
    putInt(ihdr, 4, height);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 2; // colour type RGB
    chunk(out, "IHDR", ihdr);
    chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] len = new byte[4];
    putInt(len, 0, data.length);
    out.writeBytes(len);
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    byte[] c = new byte[4];
    putInt(c, 0, (int) crc.getValue());
    out.writeBytes(c);
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  private static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    b[0] = 'x'; // never a signature by chance
    return b;
  }

  private static byte[] withPngSignature(byte[] body) {
    byte[] sig = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    byte[] out = Arrays.copyOf(sig, sig.length + body.length);
    System.arraycopy(body, 0, out, sig.length, body.length);
    return out;
  }

  private static byte[] cut(byte[] data, double keep) {
    return Arrays.copyOf(data, (int) (data.length * keep));
  }
}
