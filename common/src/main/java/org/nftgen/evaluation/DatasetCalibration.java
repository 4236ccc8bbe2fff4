package org.nftgen.evaluation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigValueFactory;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nftgen.averaging.TrainSettings;
import org.nftgen.config.SettingsException;
import org.nftgen.dcgan.DcganSettings;
import org.nftgen.image.RgbImage;
import org.nftgen.io.Json;
import org.nftgen.io.ProgressLog;
import org.nftgen.metrics.eval.Calibration;
import org.nftgen.metrics.eval.CalibrationOutputs;
import org.nftgen.metrics.eval.Yardstick;
import org.nftgen.metrics.eval.YardstickStore;

/**
 * {@code evaluate --input DATASET}: the yardstick's calibration on a prepared dataset alone, with
 * the split and resolution of this evaluation's configuration (no trained model needed).
 */
final class DatasetCalibration {
  private DatasetCalibration() {}

  static ObjectNode evaluate(EvaluationContext c) {
    Configuration conf = c.conf();
    Path dataset = c.run().runDir();
    // The split of a training run on this dataset (its input and output keys are a run's, not ours).
    TrainSettings train = TrainSettings.from(c.config()
        .withValue("nftgen.train.input", ConfigValueFactory.fromAnyRef(dataset.toString()))
        .withValue("nftgen.train.output", ConfigValueFactory.fromAnyRef(c.output().toString())));
    int side = DcganSettings.from(c.config()).resolution();
    HeldOut split = HeldOut.of(dataset, train, conf);
    List<RgbImage> heldOut = split.heldOut(c.session(), side, c.request().evaluate().samples());
    List<RgbImage> training = split.training(c.session(), side);
    if (heldOut.size() < Yardstick.MIN_CALIBRATION_IMAGES) {
      throw new SettingsException("The dataset " + dataset + " holds out " + heldOut.size() + " images at "
          + "nftgen.train.holdout-fraction = " + train.holdoutFraction() + "; the calibration needs at least "
          + Yardstick.MIN_CALIBRATION_IMAGES);
    }
    Yardstick yardstick = Yardstick.open(dataset, YardstickStore.datasetIdentity(dataset, conf), heldOut, training,
        c.request().evaluate(), c.request().yardstick().withCalibrate(true), conf);
    CalibrationOutputs.write(c.output(), yardstick.report(), c.request().sheets().columns(),
        c.request().sheets().cell(), conf);
    ObjectNode result = Json.object();
    result.put("dataset", dataset.toString());
    result.put("side", side);
    result.set("calibrated", yardstick.calibrated());
    result.set("calibration", EvaluationOutputs.calibrationSummary(yardstick.calibration()));
    ProgressLog.format("evaluate: calibration of %s at %d px: %s%n%s", dataset, side, yardstick.calibrated(),
        Calibration.toMarkdown(yardstick.report()));
    return EvaluationOutputs.write(c.output(), result, conf);
  }
}
