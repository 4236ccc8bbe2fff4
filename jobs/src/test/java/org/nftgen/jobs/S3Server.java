package org.nftgen.jobs;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A real S3-compatible server for the tests: S3Proxy (from Maven Central, resolved by the
 * deploy/s3proxy module) in a JVM of its own on 127.0.0.1 and a free port, with an in-memory
 * blob store and one bucket, created with the AWS SDK that hadoop-aws brings (S3A never creates
 * buckets). Test credentials are random per server and reach jobs only through the environment
 * ({@link #environment()}), as real deployments should pass them.
 */
final class S3Server implements AutoCloseable {
  static final String BUCKET = "nftgen";
  private final Process process;
  final int port;
  final String identity = "test-" + Long.toHexString(System.nanoTime());
  final String credential = "secret-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
  private final AmazonS3 client;

  S3Server(Path workDir) {
    Path classpath = Launcher.HOME.resolve("deploy/s3proxy/target/s3proxy-classpath.txt");
    if (!Files.exists(classpath)) {
      throw new AssertionError(classpath + " is missing: run mvn package (the deploy/s3proxy module builds it)");
    }
    try {
      port = freePort();
      Files.createDirectories(workDir);
      Path properties = workDir.resolve("s3proxy.properties");
      Files.writeString(properties, String.join("\n",
          "s3proxy.endpoint=http://127.0.0.1:" + port,
          "s3proxy.authorization=aws-v2-or-v4",
          "s3proxy.identity=" + identity,
          "s3proxy.credential=" + credential,
          "jclouds.provider=transient", ""));
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-DLOG_LEVEL=warn", "-cp",
          Files.readString(classpath).trim(), "org.gaul.s3proxy.Main", "--properties", properties.toString())
          .redirectErrorStream(true).redirectOutput(workDir.resolve("s3proxy.log").toFile());
      pb.environment().put("LOG_LEVEL", "warn");
      process = pb.start();
      waitForPort(port, process, workDir.resolve("s3proxy.log"));
      client = client("http://127.0.0.1:" + port);
      client.createBucket(BUCKET);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** The credentials for jobs, the way Hadoop's environment-variable provider reads them. */
  Map<String, String> environment() {
    return Map.of("AWS_ACCESS_KEY_ID", identity, "AWS_SECRET_ACCESS_KEY", credential);
  }

  /**
   * A config file for jobs against {@code endpoint} (this server, or a proxy in front of it):
   * {@code conf/smoke.conf} plus the s3a settings.
   */
  Path jobConfig(Path dir, String endpoint, String... extraHadoop) {
    StringBuilder sb = new StringBuilder();
    sb.append("include file(\"").append(Launcher.HOME.resolve("conf/smoke.conf")).append("\")\n");
    sb.append("nftgen.hadoop {\n");
    sb.append("  \"fs.s3a.endpoint\" = \"").append(endpoint).append("\"\n");
    sb.append("  \"fs.s3a.path.style.access\" = \"true\"\n");
    sb.append("  \"fs.s3a.connection.ssl.enabled\" = \"false\"\n");
    sb.append("  \"fs.s3a.aws.credentials.provider\" = \"com.amazonaws.auth.EnvironmentVariableCredentialsProvider\"\n");
    for (String kv : extraHadoop) {
      int eq = kv.indexOf('=');
      sb.append("  \"").append(kv, 0, eq).append("\" = \"").append(kv.substring(eq + 1)).append("\"\n");
    }
    sb.append("}\n");
    try {
      Path file = dir.resolve("s3-" + System.nanoTime() + ".conf");
      Files.writeString(file, sb.toString());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  AmazonS3 client() {
    return client;
  }

  AmazonS3 client(String endpoint) {
    return AmazonS3ClientBuilder.standard()
        .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(endpoint, "us-east-1"))
        .withPathStyleAccessEnabled(true)
        .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(identity, credential)))
        .build();
  }

  /** Every key under {@code prefix} with its size, read directly from the server. */
  Map<String, Long> list(String prefix) {
    Map<String, Long> keys = new TreeMap<>();
    ListObjectsV2Request request = new ListObjectsV2Request().withBucketName(BUCKET).withPrefix(prefix);
    ListObjectsV2Result result;
    do {
      result = client.listObjectsV2(request);
      for (S3ObjectSummary o : result.getObjectSummaries()) {
        keys.put(o.getKey(), o.getSize());
      }
      request.setContinuationToken(result.getNextContinuationToken());
    } while (result.isTruncated());
    return keys;
  }

  byte[] get(String key) {
    try (var in = client.getObject(BUCKET, key).getObjectContent()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String getString(String key) {
    return new String(get(key), StandardCharsets.UTF_8);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static void waitForPort(int port, Process process, Path log) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("server on port " + port + " exited: " + tail(log));
      }
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
    throw new AssertionError("server did not open port " + port + " in 90 s: " + tail(log));
  }

  static String tail(Path log) {
    try {
      List<String> lines = new ArrayList<>(Files.readAllLines(log));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  @Override
  public void close() {
    client.shutdown();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
