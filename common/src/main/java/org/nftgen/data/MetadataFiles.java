package org.nftgen.data;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nftgen.io.HadoopFiles;

/**
 * Reads a collection's metadata files: JSON (one token, or a whole collection: see
 * {@link TokenTraits#parseFile}) or a CSV trait table, one row per token, with a header naming an
 * id column ({@code id}, {@code token_id}, {@code edition}) or an image column ({@code image},
 * {@code file}, {@code filename}) and one column per trait type; an empty cell is a trait the token
 * does not have.
 */
public final class MetadataFiles {
  private static final Set<String> ID_COLUMNS = Set.of("id", "token_id", "tokenid", "edition");
  private static final Set<String> IMAGE_COLUMNS = Set.of("image", "file", "filename", "file_name");

  private MetadataFiles() {}

  /** Whether {@code source} names a metadata file prepare reads (by its extension). */
  public static boolean isMetadataName(String source) {
    String lower = source.toLowerCase(Locale.ROOT);
    return lower.endsWith(".json") || lower.endsWith(".csv");
  }

  /** The tokens of one metadata file, each parsed or refused. */
  public static List<TokenTraits.Parsed> parse(String source, byte[] bytes, TokenTraits.Limits limits) {
    if (source.toLowerCase(Locale.ROOT).endsWith(".csv")) {
      return parseCsv(source, bytes, limits);
    }
    return TokenTraits.parseFile(source, bytes, limits);
  }

  /**
   * Reads and parses one metadata file on an executor; like {@link FileScanner}, every outcome is a
   * value: a file that cannot be read is one refused entry.
   */
  public static List<TokenTraits.Parsed> read(String path, String source, TokenTraits.Limits limits,
      Configuration conf) {
    try (InputStream in = HadoopFiles.open(new Path(path), conf)) {
      return parse(source, HadoopFiles.readBounded(in, limits.maxBytes(), path), limits);
    } catch (HadoopFiles.TooLargeException e) {
      return List.of(TokenTraits.Parsed.refused(source, TokenTraits.Problem.TOO_LARGE, e.getMessage()));
    } catch (IOException | RuntimeException e) {
      return List.of(TokenTraits.Parsed.refused(source, TokenTraits.Problem.UNREADABLE, String.valueOf(e.getMessage())));
    }
  }

  /**
   * The rows of a CSV table, cells trimmed (RFC 4180 quoting); {@code skipEmptyLines} drops blank
   * lines, which otherwise read as a row of one empty cell.
   */
  public static List<List<String>> csvRows(byte[] bytes, boolean skipEmptyLines) throws IOException {
    CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY).enable(CsvParser.Feature.TRIM_SPACES);
    if (skipEmptyLines) {
      mapper.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
    }
    List<List<String>> rows = new ArrayList<>();
    try (MappingIterator<List<String>> it = mapper.readerForListOf(String.class).readValues(bytes)) {
      while (it.hasNext()) {
        rows.add(it.next());
      }
    }
    return rows;
  }

  static List<TokenTraits.Parsed> parseCsv(String source, byte[] bytes, TokenTraits.Limits limits) {
    if (bytes.length > limits.maxBytes()) {
      return List.of(TokenTraits.Parsed.refused(source, TokenTraits.Problem.TOO_LARGE,
          bytes.length + " bytes, more than " + limits.maxBytes()));
    }
    List<List<String>> rows;
    try {
      rows = csvRows(bytes, true);
    } catch (IOException | RuntimeException e) {
      return List.of(TokenTraits.Parsed.refused(source, TokenTraits.Problem.MALFORMED, String.valueOf(e.getMessage())));
    }
    if (rows.isEmpty()) {
      return List.of(TokenTraits.Parsed.refused(source, TokenTraits.Problem.MALFORMED, "the table has no header"));
    }
    List<String> header = rows.get(0);
    int idColumn = column(header, ID_COLUMNS);
    int imageColumn = column(header, IMAGE_COLUMNS);
    if (idColumn < 0 && imageColumn < 0) {
      return List.of(TokenTraits.Parsed.refused(source, TokenTraits.Problem.MALFORMED, "the header " + header
          + " names no id column " + ID_COLUMNS + " and no image column " + IMAGE_COLUMNS));
    }
    List<TokenTraits.Parsed> out = new ArrayList<>();
    for (int r = 1; r < rows.size(); r++) {
      out.add(row(source + "#" + (r + 1), header, rows.get(r), idColumn, imageColumn, limits));
    }
    return out;
  }

  private static TokenTraits.Parsed row(String source, List<String> header, List<String> row, int idColumn,
      int imageColumn, TokenTraits.Limits limits) {
    if (row.size() > header.size()) {
      return TokenTraits.Parsed.refused(source, TokenTraits.Problem.BAD_ATTRIBUTE,
          "the row has " + row.size() + " cells, the header " + header.size());
    }
    Map<String, String> traits = new LinkedHashMap<>();
    for (int c = 0; c < row.size(); c++) {
      if (c == idColumn || c == imageColumn || row.get(c).isBlank()) {
        continue;
      }
      TokenTraits.Parsed refused = TokenTraits.addTrait(source, traits, "column " + header.get(c), header.get(c),
          row.get(c), limits);
      if (refused != null) {
        return refused;
      }
    }
    String id = cell(row, idColumn);
    String image = cell(row, imageColumn);
    if (image != null && image.length() > TokenTraits.MAX_IMAGE_LENGTH) {
      return TokenTraits.Parsed.refused(source, TokenTraits.Problem.VALUE_TOO_LONG,
          "the image cell is longer than " + TokenTraits.MAX_IMAGE_LENGTH + " characters");
    }
    return new TokenTraits.Parsed(source, new TokenTraits(source, image, id, traits), null, null);
  }

  private static String cell(List<String> row, int column) {
    return column >= 0 && column < row.size() && !row.get(column).isBlank() ? row.get(column).trim() : null;
  }

  private static int column(List<String> header, Set<String> names) {
    for (int i = 0; i < header.size(); i++) {
      if (names.contains(header.get(i).trim().toLowerCase(Locale.ROOT))) {
        return i;
      }
    }
    return -1;
  }
}
