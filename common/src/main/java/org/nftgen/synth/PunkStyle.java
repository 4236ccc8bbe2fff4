package org.nftgen.synth;

import static org.nftgen.synth.Trait.value;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * "Synthetic Punks": 32x32 pixel-art portraits in the manner of CryptoPunks, blown up with
 * nearest-neighbour scaling so that every pixel is a crisp square. Visually the opposite of the
 * smooth apes, which is what the blend GAN needs from its two collections.
 */
final class PunkStyle implements CollectionStyle {
  static final int GRID = 32;
  private static final int OUTLINE = 0x000000;

  static final List<Trait> TRAITS = List.of(
      new Trait("Background", List.of(
          value("Punk Blue", 16, 0x638596), value("Salmon", 12, 0xE8A098), value("Lilac", 12, 0xB7A5D6),
          value("Mint", 12, 0x9FD8B8), value("Sand", 12, 0xE3D29A), value("Steel", 12, 0x8C9AA8),
          value("Pink", 10, 0xF0B8D0), value("Teal", 10, 0x4A9A98))),
      new Trait("Type", List.of(
          value("Light", 26, 0xDBB180), value("Medium", 22, 0xAE8B61), value("Dark", 18, 0x713F1D),
          value("Pale", 16, 0xEAD9D9), value("Zombie", 9, 0x7DA269), value("Alien", 4, 0xC8FBFB),
          value("Ape", 5, 0x856F56))),
      new Trait("Beard", List.of(
          value("None", 40), value("Shadow Beard", 10, 0x000000), value("Goat", 8, 0x3A2A1A),
          value("Mustache", 10, 0x3A2A1A), value("Full Beard", 8, 0x2A1A0A))),
      new Trait("Mouth", List.of(
          value("Plain", 30), value("Smile", 12), value("Frown", 12), value("Cigarette", 10),
          value("Pipe", 6), value("Medical Mask", 6, 0xC9E4F0))),
      new Trait("Eyes", List.of(
          value("Plain", 34), value("Shades", 12), value("VR", 5), value("3D Glasses", 6),
          value("Eye Patch", 6), value("Clown Eyes", 6))),
      new Trait("Hair", List.of(
          value("Bald", 14), value("Mohawk", 12, 0x2A2A2A), value("Wild Hair", 12, 0x7A3F1E),
          value("Cap", 10, 0xC0392B), value("Bandana", 8, 0x2E6FD1), value("Beanie", 8, 0x3C8A3C),
          value("Top Hat", 5, 0x111111), value("Frumpy Hair", 10, 0xE3C15A))),
      new Trait("Accessory", List.of(
          value("None", 40), value("Earring", 14, 0xE5B93A), value("Gold Chain", 10, 0xE5B93A),
          value("Choker", 8, 0x111111), value("Mole", 8, 0x3A1E10))));

  @Override
  public String name() {
    return "punks";
  }

  @Override
  public String collectionName() {
    return "Synthetic Punks";
  }

  @Override
  public List<Trait> traits() {
    return TRAITS;
  }

  @Override
  public BufferedImage draw(Token token, int size) {
    Canvas c = new Canvas(token.trait("Background").rgb());
    int skin = token.trait("Type").rgb();
    drawHead(c, skin);
    drawBeard(c, token.trait("Beard"));
    drawMouth(c, skin, token.trait("Mouth"));
    drawEyes(c, token.has("Type", "Alien") || token.has("Type", "Zombie"), token.trait("Eyes").name());
    drawHair(c, token.trait("Hair"));
    drawAccessory(c, token.trait("Accessory"));
    return c.scaled(size);
  }

  private static void drawHead(Canvas c, int skin) {
    int shadow = Colours.shade(skin, 0.82).getRGB() & 0xFFFFFF;
    c.rect(12, 25, 7, 7, skin); // neck down to the bottom edge
    c.rect(17, 25, 2, 7, shadow);
    c.outlineRect(11, 25, 9, 7);
    c.rect(10, 8, 12, 17, skin); // head
    c.outlineRect(9, 7, 14, 19);
    c.rect(8, 14, 2, 4, skin); // ear
    c.outlineRect(7, 13, 3, 6);
    c.rect(22, 15, 1, 3, skin); // nose
    c.px(23, 15, OUTLINE);
    c.px(23, 16, OUTLINE);
    c.px(23, 17, OUTLINE);
    c.px(22, 18, OUTLINE);
  }

  private static void drawEyes(Canvas c, boolean plainWhite, String eyes) {
    switch (eyes) {
      case "Shades":
        c.rect(12, 12, 11, 1, OUTLINE);
        c.rect(13, 13, 3, 2, OUTLINE);
        c.rect(18, 13, 3, 2, OUTLINE);
        break;
      case "VR":
        c.rect(12, 11, 11, 4, 0x8A8A8A);
        c.rect(12, 12, 11, 1, 0xB0B0B0);
        c.rect(10, 12, 2, 1, OUTLINE);
        break;
      case "3D Glasses":
        c.rect(12, 12, 11, 3, 0xFFFFFF);
        c.rect(13, 13, 3, 1, 0x2A8FE0);
        c.rect(18, 13, 3, 1, 0xE0302A);
        break;
      case "Eye Patch":
        c.rect(10, 11, 12, 1, OUTLINE);
        c.rect(17, 12, 4, 3, OUTLINE);
        c.px(14, 13, 0xFFFFFF);
        c.px(15, 13, OUTLINE);
        break;
      case "Clown Eyes":
        c.rect(13, 12, 3, 3, 0x2A8FE0);
        c.rect(18, 12, 3, 3, 0x3CB043);
        c.px(14, 13, OUTLINE);
        c.px(19, 13, OUTLINE);
        break;
      default:
        c.px(14, 13, 0xFFFFFF);
        c.px(15, 13, plainWhite ? 0x9B0000 : OUTLINE);
        c.px(19, 13, 0xFFFFFF);
        c.px(20, 13, plainWhite ? 0x9B0000 : OUTLINE);
        c.rect(14, 12, 2, 1, 0x000000);
        c.rect(19, 12, 2, 1, 0x000000);
        break;
    }
  }

  private static void drawMouth(Canvas c, int skin, Trait.Value mouth) {
    int lip = Colours.shade(skin, 0.55).getRGB() & 0xFFFFFF;
    switch (mouth.name()) {
      case "Smile":
        c.px(16, 19, OUTLINE);
        c.rect(17, 20, 3, 1, OUTLINE);
        c.px(20, 19, OUTLINE);
        break;
      case "Frown":
        c.px(16, 21, OUTLINE);
        c.rect(17, 20, 3, 1, OUTLINE);
        c.px(20, 21, OUTLINE);
        break;
      case "Medical Mask":
        c.rect(11, 18, 12, 6, mouth.rgb());
        c.rect(10, 17, 2, 1, 0xFFFFFF);
        c.rect(10, 19, 1, 1, 0xFFFFFF);
        break;
      default:
        c.rect(17, 20, 4, 1, lip);
        break;
    }
    if (mouth.name().equals("Cigarette")) {
      c.rect(21, 20, 6, 1, 0xFFFFFF);
      c.px(27, 20, 0xF06A2A);
      c.px(27, 18, 0xC8C8C8);
      c.px(28, 16, 0xC8C8C8);
      c.px(27, 14, 0xC8C8C8);
    } else if (mouth.name().equals("Pipe")) {
      c.rect(21, 21, 4, 1, 0x5A3418);
      c.rect(25, 19, 3, 4, 0x5A3418);
      c.px(26, 17, 0xC8C8C8);
    }
  }

  private static void drawBeard(Canvas c, Trait.Value beard) {
    int colour = beard.rgb();
    switch (beard.name()) {
      case "Shadow Beard":
        for (int y = 19; y < 25; y++) {
          for (int x = 11 + (y % 2); x < 22; x += 2) {
            c.px(x, y, 0x5A4A3A);
          }
        }
        break;
      case "Goat":
        c.rect(17, 22, 3, 3, colour);
        break;
      case "Mustache":
        c.rect(16, 19, 6, 1, colour);
        break;
      case "Full Beard":
        c.rect(10, 19, 12, 6, colour);
        c.rect(12, 25, 8, 1, colour);
        c.rect(17, 20, 4, 1, 0x000000);
        break;
      default:
        break;
    }
  }

  private static void drawHair(Canvas c, Trait.Value hair) {
    int colour = hair.rgb();
    int dark = Colours.shade(colour, 0.7).getRGB() & 0xFFFFFF;
    switch (hair.name()) {
      case "Mohawk":
        c.rect(14, 2, 3, 7, colour);
        c.rect(15, 2, 1, 7, dark);
        break;
      case "Wild Hair":
        for (int y = 3; y < 13; y++) {
          for (int x = 7; x < 24; x++) {
            boolean inside = (x - 15.5) * (x - 15.5) / 72.0 + (y - 9) * (y - 9) / 36.0 < 1;
            if (inside && (y < 9 || x < 11) && ((x * 7 + y * 3) % 5 != 0)) {
              c.px(x, y, ((x + y) % 3 == 0) ? dark : colour);
            }
          }
        }
        break;
      case "Cap":
        c.rect(10, 5, 12, 4, colour);
        c.rect(21, 8, 5, 1, dark);
        c.outlineRect(9, 4, 14, 5);
        break;
      case "Bandana":
        c.rect(9, 7, 14, 3, colour);
        c.rect(6, 9, 3, 2, colour);
        c.px(11, 8, 0xFFFFFF);
        c.px(15, 8, 0xFFFFFF);
        c.px(19, 8, 0xFFFFFF);
        break;
      case "Beanie":
        c.rect(10, 3, 12, 6, colour);
        c.rect(9, 8, 14, 2, dark);
        c.rect(15, 1, 2, 2, 0xFFFFFF);
        break;
      case "Top Hat":
        c.rect(11, 1, 10, 7, colour);
        c.rect(11, 6, 10, 1, 0xC0392B);
        c.rect(8, 8, 16, 1, colour);
        break;
      case "Frumpy Hair":
        c.rect(9, 5, 14, 4, colour);
        c.rect(8, 7, 3, 12, colour);
        c.rect(9, 5, 14, 1, dark);
        break;
      default:
        break;
    }
  }

  private static void drawAccessory(Canvas c, Trait.Value accessory) {
    switch (accessory.name()) {
      case "Earring":
        c.px(8, 18, accessory.rgb());
        c.px(8, 19, accessory.rgb());
        break;
      case "Gold Chain":
        c.rect(11, 27, 9, 1, accessory.rgb());
        c.px(15, 28, accessory.rgb());
        break;
      case "Choker":
        c.rect(12, 25, 7, 1, accessory.rgb());
        break;
      case "Mole":
        c.px(12, 17, accessory.rgb());
        break;
      default:
        break;
    }
  }

  /** A 32x32 grid of opaque pixels. */
  private static final class Canvas {
    private final BufferedImage grid = new BufferedImage(GRID, GRID, BufferedImage.TYPE_INT_RGB);

    Canvas(int background) {
      rect(0, 0, GRID, GRID, background);
    }

    void px(int x, int y, int rgb) {
      if (x >= 0 && y >= 0 && x < GRID && y < GRID) {
        grid.setRGB(x, y, rgb);
      }
    }

    void rect(int x, int y, int w, int h, int rgb) {
      for (int j = y; j < y + h; j++) {
        for (int i = x; i < x + w; i++) {
          px(i, j, rgb);
        }
      }
    }

    /** A one-pixel outline just inside the given rectangle, as punks have. */
    /** A one-pixel black frame along the edges of the given rectangle, as punks have. */
    void outlineRect(int x, int y, int w, int h) {
      for (int i = x; i < x + w; i++) {
        px(i, y, OUTLINE);
        px(i, y + h - 1, OUTLINE);
      }
      for (int j = y; j < y + h; j++) {
        px(x, j, OUTLINE);
        px(x + w - 1, j, OUTLINE);
      }
    }

    BufferedImage scaled(int size) {
      BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = out.createGraphics();
      try {
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(grid, 0, 0, size, size, null);
      } finally {
        g.dispose();
      }
      return out;
    }
  }
}
