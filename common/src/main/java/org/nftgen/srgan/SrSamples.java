package org.nftgen.srgan;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nftgen.image.ImageGrid;
import org.nftgen.image.PngCodec;
import org.nftgen.image.Resampler;
import org.nftgen.image.RgbImage;
import org.nftgen.io.HadoopFiles;

/**
 * Sample sheets of an SRGAN run, {@code samples/round-NNNNNNNN.png}: one row per fixed held-out
 * image, with four columns LR (shown enlarged by nearest neighbour) | bicubic | SR | HR, so that
 * sheets of different rounds compare.
 */
public final class SrSamples {
  public static final String FOLDER = "samples";
  private final Path folder;
  private final List<RgbImage> hr;
  private final List<RgbImage> lr = new ArrayList<>();
  private final Configuration conf;

  /** Sheets go to {@code folder} (a run's {@code samples/}); {@code hr} are the fixed images. */
  public SrSamples(Path folder, SrganSettings s, List<RgbImage> hr, Configuration conf) {
    this.folder = folder;
    this.hr = hr;
    this.conf = conf;
    for (RgbImage image : hr) {
      lr.add(Patches.downscale(image, s));
    }
  }

  /** Writes the sheet of {@code upscaler}'s output at {@code round}; file name as in the name. */
  public Path write(Upscaler upscaler, long round) {
    return write(upscaler, String.format("round-%08d.png", round));
  }

  /** Writes the sheet of {@code upscaler}'s output as {@code name} in the folder. */
  public Path write(Upscaler upscaler, String name) {
    List<RgbImage> sr = upscaler.upscale(lr, 4);
    List<RgbImage> cells = new ArrayList<>();
    for (int i = 0; i < hr.size(); i++) {
      RgbImage truth = hr.get(i);
      cells.add(SrComparison.enlarge(lr.get(i), truth, Resampler.Filter.NEAREST));
      cells.add(SrComparison.enlarge(lr.get(i), truth, Resampler.Filter.BICUBIC));
      cells.add(sr.get(i));
      cells.add(truth);
    }
    Path file = new Path(folder, name);
    HadoopFiles.writeAtomically(file, PngCodec.encode(ImageGrid.of(cells, 4, hr.get(0).width())), conf);
    return file;
  }
}
