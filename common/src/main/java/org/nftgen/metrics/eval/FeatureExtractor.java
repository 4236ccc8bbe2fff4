package org.nftgen.metrics.eval;

import java.util.List;
import org.nftgen.image.RgbImage;

/**
 * Maps images to fixed-length feature vectors, the space KID, FID and precision/recall work in.
 *
 * <p>{@link FeatureNetwork} (random convolutional features) is the only implementation here, because
 * pretrained weights cannot be downloaded in this project's environments. The hook for the standard
 * one: an implementation that loads a user-supplied Keras InceptionV3 {@code .h5} with DL4J's
 * {@code KerasModelImport.importKerasModelAndWeights(path)} (artifact
 * {@code deeplearning4j-modelimport}, not a dependency yet), resizes images to 299 x 299, scales them
 * to [-1, 1] as Keras' {@code inception_v3.preprocess_input} does and returns the 2048 outputs of the
 * global average pool before the classifier. Only then would FID and KID be comparable with
 * published numbers (and even then only approximately: TF-slim and PyTorch ports resize differently).
 */
public interface FeatureExtractor {

  /** Length of every feature vector. */
  int dimension();

  /** One feature vector per image, in order; images of any size are resized as the extractor needs. */
  float[][] features(List<RgbImage> images);

  /** What the features are, for reports next to the numbers (e.g. "random-conv seed=... width=..."). */
  String describe();
}
