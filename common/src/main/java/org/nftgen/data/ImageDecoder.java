package org.nftgen.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.nftgen.image.RgbImage;

/**
 * Turns the bytes of one file into an opaque RGB image, or says precisely why it cannot. It never
 * throws for bad input and never returns a picture it only partly read: decoder warnings (which is
 * how the JPEG decoder reports a premature end) reject the file. The pixel count in the header is
 * checked before any pixel is decoded, so a small file that claims a huge picture costs nothing.
 */
public final class ImageDecoder {
  // Decoder warnings that mean the pixels are wrong (as opposed to notes on colour conversion).
  private static final java.util.regex.Pattern DAMAGE = java.util.regex.Pattern.compile(
      "(?i)premature|truncat|corrupt|missing|end of|eof|invalid|bad |error");
  private static final java.util.regex.Pattern TRUNCATION = java.util.regex.Pattern.compile(
      "(?i)premature|truncat|end of|eof|missing eoi");
  private final long maxPixels;
  private final int minSide;
  private final int background;

  /**
   * @param maxPixels largest accepted width x height
   * @param minSide smallest accepted width or height
   * @param background 0xRRGGBB that transparent pixels are composited over
   */
  public ImageDecoder(long maxPixels, int minSide, int background) {
    this.maxPixels = maxPixels;
    this.minSide = minSide;
    this.background = background;
  }

  public DecodeResult decode(byte[] data) {
    if (data.length == 0) {
      return DecodeResult.rejected(RejectReason.EMPTY, "zero-byte file");
    }
    ImageFormat format = ImageFormat.sniff(data);
    if (format == null) {
      return DecodeResult.rejected(RejectReason.NOT_AN_IMAGE, "no PNG, JPEG, GIF or BMP signature");
    }
    ImageReader reader;
    try {
      reader = readerFor(format);
    } catch (IOException e) {
      return DecodeResult.rejected(RejectReason.CORRUPT, e.getMessage());
    }
    List<String> warnings = new ArrayList<>();
    reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
    boolean headerRead = false;
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
      reader.setInput(in, true, true);
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      headerRead = true;
      if ((long) width * height > maxPixels) {
        return DecodeResult.rejected(RejectReason.TOO_LARGE,
            width + "x" + height + " is more than the " + maxPixels + " pixels allowed");
      }
      if (width < minSide || height < minSide) {
        return DecodeResult.rejected(RejectReason.TOO_SMALL,
            width + "x" + height + " has a side under " + minSide + " pixels");
      }
      String sourceMode = rawMode(reader);
      BufferedImage picture = reader.read(0);
      List<String> damage = warnings.stream().filter(w -> DAMAGE.matcher(w).find()).toList();
      if (!damage.isEmpty()) {
        String warning = String.join("; ", damage);
        boolean truncated = TRUNCATION.matcher(warning).find() || !format.hasEnd(data);
        return DecodeResult.rejected(truncated ? RejectReason.TRUNCATED : RejectReason.CORRUPT, warning);
      }
      if (format == ImageFormat.JPEG && !format.hasEnd(data)) {
        return DecodeResult.rejected(RejectReason.TRUNCATED, "JPEG data has no end-of-image marker");
      }
      String mode = sourceMode != null ? sourceMode : describe(picture.getColorModel());
      return DecodeResult.accepted(toRgb(picture, background), format, mode);
    } catch (IOException | RuntimeException e) {
      // Data that stops early without the format's end marker is truncated; a header that makes
      // no sense, or bad data in a file that does end properly, is corrupt.
      boolean truncated = hasEof(e) || (headerRead && !format.hasEnd(data));
      return DecodeResult.rejected(truncated ? RejectReason.TRUNCATED : RejectReason.CORRUPT, message(e));
    } catch (OutOfMemoryError e) {
      return DecodeResult.rejected(RejectReason.TOO_LARGE, "decoding ran out of memory");
    } finally {
      reader.dispose();
    }
  }

  /**
   * Composites any alpha over {@code background} and converts to 8-bit sRGB. Grey images are
   * read from their samples, since Java treats grey as linear light and would brighten it.
   */
  public static RgbImage toRgb(BufferedImage picture, int background) {
    int w = picture.getWidth();
    int h = picture.getHeight();
    byte[] rgb = new byte[w * h * 3];
    ColorModel cm = picture.getColorModel();
    int bgR = (background >> 16) & 255;
    int bgG = (background >> 8) & 255;
    int bgB = background & 255;
    if (!(cm instanceof IndexColorModel) && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
      Raster raster = picture.getRaster();
      int bands = raster.getNumBands();
      double greyMax = (1L << cm.getComponentSize(0)) - 1;
      double alphaMax = cm.hasAlpha() ? (1L << cm.getComponentSize(bands - 1)) - 1 : 1;
      int[] row = new int[w * bands];
      for (int y = 0; y < h; y++) {
        raster.getPixels(0, y, w, 1, row);
        for (int x = 0; x < w; x++) {
          double grey = row[x * bands] / greyMax * 255.0;
          double alpha = cm.hasAlpha() ? row[x * bands + bands - 1] / alphaMax : 1.0;
          int o = (y * w + x) * 3;
          rgb[o] = (byte) Math.round(grey * alpha + bgR * (1 - alpha));
          rgb[o + 1] = (byte) Math.round(grey * alpha + bgG * (1 - alpha));
          rgb[o + 2] = (byte) Math.round(grey * alpha + bgB * (1 - alpha));
        }
      }
      return new RgbImage(w, h, rgb);
    }
    int[] argb = new int[w];
    for (int y = 0; y < h; y++) {
      picture.getRGB(0, y, w, 1, argb, 0, w);
      for (int x = 0; x < w; x++) {
        int p = argb[x];
        int a = p >>> 24;
        int o = (y * w + x) * 3;
        if (a == 255) {
          rgb[o] = (byte) (p >> 16);
          rgb[o + 1] = (byte) (p >> 8);
          rgb[o + 2] = (byte) p;
        } else {
          rgb[o] = (byte) ((((p >> 16) & 255) * a + bgR * (255 - a) + 127) / 255);
          rgb[o + 1] = (byte) ((((p >> 8) & 255) * a + bgG * (255 - a) + 127) / 255);
          rgb[o + 2] = (byte) (((p & 255) * a + bgB * (255 - a) + 127) / 255);
        }
      }
    }
    return new RgbImage(w, h, rgb);
  }

  private static ImageReader readerFor(ImageFormat format) throws IOException {
    if (format == ImageFormat.JPEG) {
      return TwelveMonkeysJpeg.SPI.createReaderInstance();
    }
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.label());
    if (!readers.hasNext()) {
      throw new IOException("no " + format.label() + " reader available");
    }
    return readers.next();
  }

  /**
   * The JDK's JPEG reader refuses CMYK and YCCK; TwelveMonkeys' handles them. It is asked for by
   * class so that it wins whatever order the ImageIO registry found plugins in (in Spark, the job
   * jar's plugins may not be scanned at all). It delegates to the JDK reader once registered.
   */
  private static final class TwelveMonkeysJpeg {
    static final ImageReaderSpi SPI = lookUp();

    private static ImageReaderSpi lookUp() {
      javax.imageio.spi.IIORegistry registry = javax.imageio.spi.IIORegistry.getDefaultInstance();
      Class<com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi> type =
          com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi.class;
      ImageReaderSpi spi = registry.getServiceProviderByClass(type);
      if (spi == null) {
        spi = new com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi();
        registry.registerServiceProvider(spi);
      }
      return spi;
    }
  }

  /** The colour mode as stored in the file where the reader can tell it (CMYK JPEGs, mostly). */
  private static String rawMode(ImageReader reader) {
    try {
      ImageTypeSpecifier raw = reader.getRawImageType(0);
      if (raw == null) {
        return null;
      }
      int type = raw.getColorModel().getColorSpace().getType();
      if (type == ColorSpace.TYPE_CMYK) {
        return "cmyk";
      }
      if (type == ColorSpace.TYPE_YCbCr && raw.getColorModel().getNumComponents() == 4) {
        return "ycck";
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String describe(ColorModel cm) {
    if (cm instanceof IndexColorModel) {
      return "palette";
    }
    String base = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY ? "grey" : "rgb";
    return base + (cm.hasAlpha() ? "a" : "") + cm.getComponentSize(0);
  }

  private static boolean hasEof(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EOFException || String.valueOf(t.getMessage()).toLowerCase().contains("unexpected end")) {
        return true;
      }
    }
    return false;
  }

  private static String message(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (sb.length() > 0) {
        sb.append(": ");
      }
      sb.append(t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName());
    }
    return sb.toString();
  }
}
