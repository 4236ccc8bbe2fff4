package org.nftgen.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs a collection's metadata with its images. A token's image is found, in this order, by its
 * {@code image} field (the path below the collection root, as the embedded collections and most
 * dumps write it, or a URI whose file name is unique among the images), by its token id (an
 * {@code edition} or {@code id} equal to an image's file name without extension, {@code 12} for
 * {@code 12.png}), or by the metadata file's own name ({@code metadata/12.json} for
 * {@code images/12.png}). Metadata that matches no image, or an image already given other traits, is
 * refused with a reason; metadata that repeats an image's traits (a per-token file beside a
 * collection file that lists the same token) is counted, not refused; images without metadata are
 * counted.
 */
public final class TraitMatcher {
  private TraitMatcher() {}

  /** What matching found: traits per image source, the metadata refused, and images left without. */
  public record Result(Map<String, Map<String, String>> traitsByImage, List<TokenTraits.Parsed> refused,
      int repeats, int imagesWithoutMetadata) {}

  /** Matches {@code tokens} (in any order; taken in path order) to {@code imageSources} (paths below the root). */
  public static Result match(List<String> imageSources, List<TokenTraits> tokens) {
    Map<String, String> byPath = new HashMap<>();
    Map<String, List<String>> byName = new HashMap<>();
    Map<String, List<String>> byStem = new HashMap<>();
    for (String source : imageSources) {
      byPath.put(source, source);
      byName.computeIfAbsent(name(source), k -> new ArrayList<>()).add(source);
      byStem.computeIfAbsent(stem(name(source)), k -> new ArrayList<>()).add(source);
    }
    List<TokenTraits> ordered = new ArrayList<>(tokens);
    ordered.sort(Comparator.comparing(TokenTraits::source));
    Map<String, Map<String, String>> traits = new LinkedHashMap<>();
    List<TokenTraits.Parsed> refused = new ArrayList<>();
    int repeats = 0;
    for (TokenTraits token : ordered) {
      String image = find(token, byPath, byName, byStem);
      if (image == null) {
        refused.add(TokenTraits.Parsed.refused(token.source(), TokenTraits.Problem.NO_IMAGE, token.source()
            + ": no image " + (token.image() != null ? "named " + token.image() : "for token " + token.tokenId())));
      } else if (traits.containsKey(image)) {
        if (traits.get(image).equals(token.traits())) {
          repeats++;
        } else {
          refused.add(TokenTraits.Parsed.refused(token.source(), TokenTraits.Problem.DUPLICATE, token.source() + ": "
              + image + " already has other traits"));
        }
      } else {
        traits.put(image, token.traits());
      }
    }
    return new Result(traits, refused, repeats, imageSources.size() - traits.size());
  }

  private static String find(TokenTraits token, Map<String, String> byPath, Map<String, List<String>> byName,
      Map<String, List<String>> byStem) {
    if (token.image() != null) {
      String path = token.image().replaceFirst("^\\./", "");
      if (byPath.containsKey(path)) {
        return path;
      }
      String unique = unique(byName.get(name(withoutQuery(path))));
      if (unique != null) {
        return unique;
      }
    }
    if (token.tokenId() != null) {
      String unique = unique(byStem.get(token.tokenId()));
      if (unique != null) {
        return unique;
      }
    }
    return unique(byStem.get(stem(name(token.source()))));
  }

  private static String unique(List<String> candidates) {
    return candidates != null && candidates.size() == 1 ? candidates.get(0) : null;
  }

  private static String withoutQuery(String uri) {
    int cut = uri.indexOf('?');
    return cut >= 0 ? uri.substring(0, cut) : uri;
  }

  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static String stem(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
