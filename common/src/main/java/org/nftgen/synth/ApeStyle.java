package org.nftgen.synth;

import static org.nftgen.synth.Trait.value;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * "Synthetic Apes": smooth, anti-aliased portraits of bored apes in the manner of Bored Ape Yacht
 * Club, drawn in a 256-unit design space and scaled to the requested size. The figure touches
 * only the bottom edge, so the other three borders always show the solid background.
 */
final class ApeStyle implements CollectionStyle {
  static final List<Trait> TRAITS = List.of(
      new Trait("Background", List.of(
          value("Aquamarine", 14, 0x7FD8C3), value("Army Green", 12, 0x727A4B),
          value("Blue", 14, 0x8CB9E6), value("Gray", 12, 0xC5CACB), value("New Punk Blue", 10, 0x3D6A8A),
          value("Orange", 14, 0xF1A04E), value("Purple", 12, 0x8E70B6), value("Yellow", 12, 0xF1DF78))),
      new Trait("Fur", List.of(
          value("Brown", 16, 0x8A5A2E), value("Dark Brown", 14, 0x5A3820), value("Golden Brown", 12, 0xB9872F),
          value("Black", 10, 0x2C2A2A), value("Cream", 9, 0xE6D5AE), value("Gray", 10, 0x8C8C8C),
          value("Red", 7, 0xA33A2A), value("Blue", 6, 0x3C5CA6), value("Zombie", 4, 0x7BA86C))),
      new Trait("Clothes", List.of(
          value("None", 20), value("Striped Tee", 12, 0xE8E2D0), value("Hoodie", 12, 0x5C6F8F),
          value("Tuxedo", 6, 0x1E1E22), value("Hawaiian", 8, 0x2FA7A0), value("Navy Tee", 12, 0x22335A),
          value("Leather Jacket", 8, 0x3B2A22), value("Red Tee", 10, 0xC0392B))),
      new Trait("Earring", List.of(
          value("None", 40), value("Gold Hoop", 14, 0xE5B93A), value("Silver Stud", 14, 0xD6D9DE),
          value("Diamond Stud", 6, 0x9FE3F5), value("Cross", 6, 0xE5B93A))),
      new Trait("Eyes", List.of(
          value("Bored", 24), value("Sleepy", 12), value("Angry", 10), value("Wide Eyed", 10),
          value("Closed", 8), value("Sunglasses", 10), value("Laser Glow", 4), value("3D Glasses", 6))),
      new Trait("Mouth", List.of(
          value("Bored", 26), value("Grin", 12), value("Bored Cigarette", 10), value("Tongue Out", 8),
          value("Frown", 10), value("Phoneme Oh", 8), value("Bored Pipe", 6))),
      new Trait("Hat", List.of(
          value("None", 30), value("Beanie", 10, 0xD9483B), value("Baseball Cap", 10, 0x2E6FD1),
          value("Crown", 4, 0xE8C23A), value("Fez", 7, 0xB8292F), value("Party Hat", 7, 0xE056A0),
          value("Bandana", 8, 0x2C7A3F), value("Halo", 4, 0xF4E27A))));

  @Override
  public String name() {
    return "apes";
  }

  @Override
  public String collectionName() {
    return "Synthetic Apes";
  }

  @Override
  public List<Trait> traits() {
    return TRAITS;
  }

  @Override
  public BufferedImage draw(Token token, int size) {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setColor(Colours.rgb(token.trait("Background").rgb()));
      g.fillRect(0, 0, size, size);
      g.scale(size / 256.0, size / 256.0);
      int fur = token.trait("Fur").rgb();
      drawBody(g, fur, token.trait("Clothes"));
      drawHead(g, fur);
      drawEarring(g, token.trait("Earring"));
      drawEyes(g, fur, token.trait("Eyes").name());
      drawMouth(g, fur, token.trait("Mouth").name());
      drawHat(g, token.trait("Hat"));
    } finally {
      g.dispose();
    }
    return image;
  }

  private static void drawBody(Graphics2D g, int fur, Trait.Value clothes) {
    g.setColor(Colours.shade(fur, 0.85));
    g.fill(new RoundRectangle2D.Double(96, 170, 64, 60, 20, 20)); // neck
    Color torso = clothes.name().equals("None") ? Colours.rgb(fur) : Colours.rgb(clothes.rgb());
    g.setColor(torso);
    g.fill(new RoundRectangle2D.Double(52, 206, 152, 90, 70, 70));
    g.setColor(Colours.shade(torso.getRGB() & 0xFFFFFF, 0.75));
    g.setStroke(new BasicStroke(2f));
    g.draw(new RoundRectangle2D.Double(52, 206, 152, 90, 70, 70));
    switch (clothes.name()) {
      case "Striped Tee":
        g.setColor(new Color(0x2B4C9B));
        for (int y = 216; y < 256; y += 12) {
          g.fillRect(56, y, 144, 5);
        }
        break;
      case "Hoodie":
        g.setColor(Colours.shade(clothes.rgb(), 0.7));
        g.fill(new Ellipse2D.Double(92, 196, 72, 30));
        g.setColor(Color.WHITE);
        g.fillRect(112, 222, 3, 24);
        g.fillRect(141, 222, 3, 24);
        break;
      case "Tuxedo":
        g.setColor(Color.WHITE);
        g.fill(new Polygon(new int[] {108, 148, 128}, new int[] {208, 208, 256}, 3));
        g.setColor(Color.BLACK);
        g.fill(new Polygon(new int[] {114, 128, 114}, new int[] {210, 216, 222}, 3));
        g.fill(new Polygon(new int[] {142, 128, 142}, new int[] {210, 216, 222}, 3));
        break;
      case "Hawaiian":
        g.setColor(new Color(0xF7D046));
        for (int i = 0; i < 7; i++) {
          g.fill(new Ellipse2D.Double(62 + i * 20, 222 + (i % 2) * 14, 10, 10));
        }
        g.setColor(new Color(0xE8505B));
        for (int i = 0; i < 6; i++) {
          g.fill(new Ellipse2D.Double(72 + i * 20, 236 - (i % 2) * 14, 8, 8));
        }
        break;
      case "Leather Jacket":
        g.setColor(new Color(0x1A1A1A));
        g.fill(new Polygon(new int[] {104, 128, 128, 96}, new int[] {208, 236, 256, 256}, 4));
        g.fill(new Polygon(new int[] {152, 128, 128, 160}, new int[] {208, 236, 256, 256}, 4));
        break;
      default:
        break;
    }
  }

  private static void drawHead(Graphics2D g, int fur) {
    Color furColour = Colours.rgb(fur);
    Color dark = Colours.shade(fur, 0.7);
    Color light = Colours.mix(fur, 0xF2DDB8, 0.55);
    g.setStroke(new BasicStroke(3f));
    for (int side = -1; side <= 1; side += 2) {
      double cx = 128 + side * 68;
      g.setColor(furColour);
      g.fill(new Ellipse2D.Double(cx - 22, 100, 44, 46));
      g.setColor(light);
      g.fill(new Ellipse2D.Double(cx - 12, 110, 24, 26));
      g.setColor(dark);
      g.draw(new Ellipse2D.Double(cx - 22, 100, 44, 46));
    }
    g.setColor(furColour);
    g.fill(new Ellipse2D.Double(62, 44, 132, 146));
    g.setColor(dark);
    g.draw(new Ellipse2D.Double(62, 44, 132, 146));
    g.setColor(light);
    g.fill(new Ellipse2D.Double(78, 90, 100, 52)); // eye mask
    g.fill(new Ellipse2D.Double(80, 128, 96, 60)); // muzzle
    g.setColor(Colours.shade(fur, 0.55));
    g.fill(new Ellipse2D.Double(116, 140, 8, 6)); // nostrils
    g.fill(new Ellipse2D.Double(132, 140, 8, 6));
  }

  private static void drawEarring(Graphics2D g, Trait.Value earring) {
    Color c = Colours.rgb(earring.rgb());
    double x = 60;
    double y = 146;
    g.setStroke(new BasicStroke(3f));
    switch (earring.name()) {
      case "Gold Hoop":
        g.setColor(c);
        g.draw(new Ellipse2D.Double(x - 8, y - 2, 16, 18));
        break;
      case "Silver Stud":
        g.setColor(c);
        g.fill(new Ellipse2D.Double(x - 5, y - 2, 10, 10));
        break;
      case "Diamond Stud":
        g.setColor(c);
        g.fill(new Polygon(new int[] {60, 67, 60, 53}, new int[] {142, 150, 158, 150}, 4));
        break;
      case "Cross":
        g.setColor(c);
        g.fillRect(58, 146, 4, 18);
        g.fillRect(53, 151, 14, 4);
        break;
      default:
        break;
    }
  }

  private static void drawEyes(Graphics2D g, int fur, String eyes) {
    Color lid = Colours.shade(fur, 0.9);
    Color line = Colours.shade(fur, 0.45);
    g.setStroke(new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    for (int side = -1; side <= 1; side += 2) {
      double cx = 128 + side * 25;
      double cy = 112;
      switch (eyes) {
        case "Sunglasses":
        case "3D Glasses":
        case "Laser Glow":
          break; // drawn across both eyes below
        case "Closed":
          g.setColor(line);
          g.draw(new Arc2D.Double(cx - 13, cy - 8, 26, 16, 180, 180, Arc2D.OPEN));
          break;
        default:
          double w = eyes.equals("Wide Eyed") ? 30 : 26;
          double h = eyes.equals("Wide Eyed") ? 26 : 18;
          g.setColor(Color.WHITE);
          g.fill(new Ellipse2D.Double(cx - w / 2, cy - h / 2, w, h));
          g.setColor(Color.BLACK);
          double pupil = eyes.equals("Wide Eyed") ? 7 : 10;
          g.fill(new Ellipse2D.Double(cx - pupil / 2 + side * 2, cy - pupil / 2 + 1, pupil, pupil));
          double lidShare = eyes.equals("Bored") ? 0.5 : eyes.equals("Sleepy") ? 0.7 : 0;
          if (lidShare > 0) {
            g.setColor(lid);
            g.fill(new java.awt.geom.Rectangle2D.Double(cx - w / 2 - 1, cy - h / 2 - 1, w + 2, h * lidShare + 1));
            g.setColor(line);
            g.draw(new java.awt.geom.Line2D.Double(cx - w / 2, cy - h / 2 + h * lidShare, cx + w / 2,
                cy - h / 2 + h * lidShare));
          }
          if (eyes.equals("Angry")) {
            g.setColor(line);
            g.setStroke(new BasicStroke(5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new java.awt.geom.Line2D.Double(cx - side * 14, cy - 16, cx + side * 12, cy - 8));
            g.setStroke(new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
          }
          g.setColor(line);
          g.draw(new Ellipse2D.Double(cx - w / 2, cy - h / 2, w, h));
          break;
      }
    }
    switch (eyes) {
      case "Sunglasses":
        g.setColor(new Color(0x111111));
        g.fill(new RoundRectangle2D.Double(86, 100, 36, 24, 10, 10));
        g.fill(new RoundRectangle2D.Double(134, 100, 36, 24, 10, 10));
        g.fillRect(118, 106, 20, 4);
        g.setColor(new Color(0x555555));
        g.fillRect(92, 104, 10, 3);
        g.fillRect(140, 104, 10, 3);
        break;
      case "3D Glasses":
        g.setColor(Color.WHITE);
        g.fill(new RoundRectangle2D.Double(82, 96, 92, 32, 6, 6));
        g.setColor(new Color(0xE0302A));
        g.fillRect(88, 101, 34, 22);
        g.setColor(new Color(0x2A8FE0));
        g.fillRect(134, 101, 34, 22);
        break;
      case "Laser Glow":
        for (int side = -1; side <= 1; side += 2) {
          double cx = 128 + side * 25;
          g.setColor(new Color(255, 60, 40, 90));
          g.fill(new Ellipse2D.Double(cx - 20, 92, 40, 40));
          g.setColor(new Color(0xFF2A1A));
          g.fill(new Ellipse2D.Double(cx - 12, 104, 24, 16));
          g.setColor(new Color(0xFFE0A0));
          g.fill(new Ellipse2D.Double(cx - 5, 108, 10, 8));
        }
        break;
      default:
        break;
    }
  }

  private static void drawMouth(Graphics2D g, int fur, String mouth) {
    Color line = Colours.shade(fur, 0.4);
    g.setStroke(new BasicStroke(4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    switch (mouth) {
      case "Grin":
        g.setColor(Color.WHITE);
        g.fill(new Arc2D.Double(100, 146, 56, 30, 180, 180, Arc2D.CHORD));
        g.setColor(line);
        g.draw(new Arc2D.Double(100, 146, 56, 30, 180, 180, Arc2D.CHORD));
        break;
      case "Frown":
        g.setColor(line);
        g.draw(new Arc2D.Double(104, 160, 48, 20, 20, 140, Arc2D.OPEN));
        break;
      case "Phoneme Oh":
        g.setColor(new Color(0x3A1A1A));
        g.fill(new Ellipse2D.Double(118, 156, 20, 22));
        break;
      default:
        Path2D bored = new Path2D.Double();
        bored.moveTo(102, 164);
        bored.quadTo(128, 158, 154, 166);
        g.setColor(line);
        g.draw(bored);
        break;
    }
    switch (mouth) {
      case "Bored Cigarette":
        g.setColor(Color.WHITE);
        g.fill(new RoundRectangle2D.Double(146, 160, 34, 7, 3, 3));
        g.setColor(new Color(0xF06A2A));
        g.fillRect(178, 160, 5, 7);
        g.setColor(new Color(220, 220, 220, 160));
        g.fill(new Ellipse2D.Double(180, 140, 10, 14));
        g.fill(new Ellipse2D.Double(186, 124, 12, 14));
        break;
      case "Tongue Out":
        g.setColor(new Color(0xE5738A));
        g.fill(new RoundRectangle2D.Double(118, 162, 22, 22, 14, 14));
        g.setColor(new Color(0xB24A60));
        g.fillRect(128, 166, 2, 12);
        break;
      case "Bored Pipe":
        g.setColor(new Color(0x5A3418));
        g.setStroke(new BasicStroke(5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new java.awt.geom.Line2D.Double(146, 166, 168, 176));
        g.fill(new RoundRectangle2D.Double(164, 160, 18, 24, 6, 6));
        break;
      default:
        break;
    }
  }

  private static void drawHat(Graphics2D g, Trait.Value hat) {
    Color c = Colours.rgb(hat.rgb());
    Color dark = Colours.shade(hat.rgb(), 0.7);
    switch (hat.name()) {
      case "Beanie":
        g.setColor(c);
        g.fill(new Arc2D.Double(66, 30, 124, 100, 0, 180, Arc2D.CHORD));
        g.setColor(dark);
        g.fill(new RoundRectangle2D.Double(64, 68, 128, 18, 8, 8));
        g.setColor(Color.WHITE);
        g.fill(new Ellipse2D.Double(118, 20, 20, 18));
        break;
      case "Baseball Cap":
        g.setColor(c);
        g.fill(new Arc2D.Double(66, 34, 124, 92, 0, 180, Arc2D.CHORD));
        g.setColor(dark);
        g.fill(new RoundRectangle2D.Double(60, 74, 100, 12, 8, 8));
        g.setColor(Color.WHITE);
        g.fillRect(120, 46, 16, 16);
        break;
      case "Crown":
        g.setColor(c);
        g.fill(new Polygon(new int[] {86, 86, 106, 128, 150, 170, 170}, new int[] {72, 26, 48, 20, 48, 26, 72}, 7));
        g.setColor(new Color(0xD23B3B));
        g.fill(new Ellipse2D.Double(122, 52, 12, 12));
        g.setColor(new Color(0x3B7BD2));
        g.fill(new Ellipse2D.Double(96, 56, 10, 10));
        g.fill(new Ellipse2D.Double(150, 56, 10, 10));
        break;
      case "Fez":
        g.setColor(c);
        g.fill(new Polygon(new int[] {98, 158, 150, 106}, new int[] {64, 64, 22, 22}, 4));
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(2f));
        g.draw(new java.awt.geom.Line2D.Double(128, 22, 150, 50));
        g.fill(new Ellipse2D.Double(146, 48, 8, 12));
        break;
      case "Party Hat":
        g.setColor(c);
        g.fill(new Polygon(new int[] {100, 156, 128}, new int[] {66, 66, 10}, 3));
        g.setColor(new Color(0xF7E15A));
        g.fill(new Polygon(new int[] {114, 142, 135, 121}, new int[] {38, 38, 24, 24}, 4));
        g.fill(new Ellipse2D.Double(122, 4, 12, 12));
        break;
      case "Bandana":
        g.setColor(c);
        g.fill(new Arc2D.Double(66, 40, 124, 80, 0, 180, Arc2D.CHORD));
        g.setColor(Color.WHITE);
        for (int i = 0; i < 5; i++) {
          g.fill(new Ellipse2D.Double(84 + i * 20, 58 - (i % 2) * 8, 6, 6));
        }
        break;
      case "Halo":
        g.setColor(c);
        g.setStroke(new BasicStroke(6f));
        g.draw(new Ellipse2D.Double(88, 16, 80, 22));
        break;
      default:
        break;
    }
  }
}
