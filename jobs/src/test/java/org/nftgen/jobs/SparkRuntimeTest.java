package org.nftgen.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SparkRuntimeTest {
  @Test
  void averagingDefaultsFillOnlyWhatSparkSubmitLeftUnset() {
    SparkConf unset = SparkRuntime.withDefaults(new SparkConf(false));
    assertEquals("128m", unset.get("spark.task.maxDirectResultSize"));
    assertEquals("false", unset.get("spark.broadcast.compress"));
    SparkConf user = SparkRuntime.withDefaults(new SparkConf(false)
        .set("spark.task.maxDirectResultSize", "4m").set("spark.broadcast.compress", "true"));
    assertEquals("4m", user.get("spark.task.maxDirectResultSize"), "a user's --conf wins");
    assertEquals("true", user.get("spark.broadcast.compress"));
  }
}
