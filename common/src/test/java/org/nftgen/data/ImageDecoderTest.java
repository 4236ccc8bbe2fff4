package org.nftgen.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftgen.image.RgbImage;

class ImageDecoderTest {
  @TempDir
  static Path dir;
  static MixedCollection files;
  final ImageDecoder decoder = new ImageDecoder(25_000_000, 8, 0xFFFFFF);

  @BeforeAll
  static void writeFiles() {
    files = MixedCollection.write(dir);
  }

  private DecodeResult decode(String name) throws IOException {
    return decoder.decode(Files.readAllBytes(dir.resolve(name)));
  }

  @Test
  void everyValidModeDecodesToItsColour() throws IOException {
    int checked = 0;
    for (Map.Entry<String, Integer> e : files.colours.entrySet()) {
      DecodeResult r = decode(e.getKey());
      assertTrue(r.isAccepted(), e.getKey() + " was rejected: " + r.reason() + " " + r.detail());
      assertEquals(files.modes.get(e.getKey()), r.format().label() + "/" + r.mode(), e.getKey());
      RgbImage image = r.image();
      // Every pixel, not just one: a half-decoded image would differ somewhere.
      for (int y = 0; y < image.height(); y++) {
        for (int x = 0; x < image.width(); x++) {
          assertEquals(e.getValue().intValue(), image.pixel(x, y),
              e.getKey() + " pixel " + x + "," + y + ": " + Integer.toHexString(image.pixel(x, y)));
        }
      }
      checked++;
    }
    assertEquals(16, checked);
  }

  @Test
  void everyKindOfBadFileIsRejectedWithItsReason() throws IOException {
    int checked = 0;
    for (Map.Entry<String, String> e : files.expected.entrySet()) {
      if (e.getValue() == null || e.getValue().equals("duplicate")) {
        continue; // duplicates decode fine; the job drops them
      }
      DecodeResult r = decode(e.getKey());
      assertNull(r.image(), e.getKey());
      assertEquals(e.getValue(), r.reason().label(), e.getKey() + ": " + r.detail());
      assertNotNull(r.detail());
      checked++;
    }
    assertEquals(10, checked); // metadata files are not decoded as images: see PrepareIngestIT
  }

  @Test
  void bombIsRejectedFromItsHeaderWithoutAllocatingPixels() {
    byte[] bomb = MixedCollection.pngHeaderOnly(60_000, 60_000);
    long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    DecodeResult r = decoder.decode(bomb);
    long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    assertEquals(RejectReason.TOO_LARGE, r.reason());
    assertTrue(r.detail().contains("60000x60000"), r.detail());
    assertTrue(after - before < 100_000_000L, "decoding the header allocated " + (after - before) + " bytes");
  }

  @Test
  void alphaIsCompositedOverTheConfiguredBackground() throws IOException {
    ImageDecoder onBlack = new ImageDecoder(25_000_000, 8, 0x000000);
    RgbImage image = onBlack.decode(Files.readAllBytes(dir.resolve("rgba8.png"))).image();
    assertEquals(0x008000, image.pixel(5, 5)); // 255 x 128/255 green over black
    assertEquals(0x000000, onBlack.decode(Files.readAllBytes(dir.resolve("palette-transparent.png"))).image()
        .pixel(0, 0));
  }

  @Test
  void identicalPicturesInDifferentFilesHashAlike() throws IOException {
    assertEquals(decode("rgb8.png").image().pixelHash(), decode("zz-duplicate-of-rgb8.png").image().pixelHash());
    assertTrue(!decode("rgb8.png").image().pixelHash().equals(decode("photo.jpg").image().pixelHash()));
  }
}
