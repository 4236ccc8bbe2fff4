package org.nftgen.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nftgen.averaging.AveragingLoop;
import org.nftgen.dcgan.DcganFlops;
import org.nftgen.dcgan.DcganModels;
import org.nftgen.dcgan.DcganSettings;
import org.nftgen.dcgan.DcganTrainer;
import org.nftgen.gan.GanState;
import org.nftgen.gan.GanStep;
import org.nftgen.io.Json;
import org.nftgen.io.ProgressLog;
import org.nftgen.srgan.SrganSettings;

/**
 * The measurements of {@code bench}: speed of this machine and of nftgen on it, in one run, with the same JVM settings
 * as the training jobs: the fp32 peak as ND4J sees it (sgemm and a convolution), one DCGAN training
 * iteration per configured batch (images/s and achieved GFLOP/s, FLOPs counted analytically), the
 * share of a parameter-averaging round spent outside the workers, generator inference, and the
 * PyTorch reference (deploy/bench/dcgan_bench.py) side by side: what {@code bench.json} holds.
 */
public final class Bench {
  private Bench() {}

  /** Runs every measurement; returns what {@code bench.json} holds. */
  public static ObjectNode run(JavaSparkContext jsc, BenchSettings s) {
    ObjectNode bench = Json.object();
    DcganSettings model = s.model();
    bench.put("onednnHelpers", "false".equals(System.getProperty("org.eclipse.deeplearning4j.helpers.disable")));
    bench.put("ompThreads", String.valueOf(System.getenv("OMP_NUM_THREADS")));
    bench.put("ompWaitPolicy", String.valueOf(System.getenv("OMP_WAIT_POLICY")));
    ObjectNode shape = bench.putObject("model");
    shape.put("nz", model.nz()).put("ngf", model.ngf()).put("ndf", model.ndf()).put("resolution", model.resolution());

    double sgemm = sgemmGflops(s.sgemmSize(), s.warmup(), s.iterations());
    bench.putObject("peak").put("sgemmGflops", sgemm).put("sgemmSize", s.sgemmSize())
        .put("convGflops", convGflops(s.warmup(), s.iterations()));
    ProgressLog.format("bench: sgemm %d: %.1f GFLOP/s", s.sgemmSize(), sgemm);

    ObjectNode training = bench.putObject("training");
    for (int batch : s.batches()) {
      double ms = iterationMillis(model.withBatch(batch), s.warmup(), s.iterations());
      double gflops = DcganFlops.iteration(model, batch) / ms / 1e6;
      ObjectNode b = training.putObject("batch" + batch);
      b.put("msPerIteration", ms).put("imagesPerSecond", batch / ms * 1e3).put("gflopPerIteration",
          DcganFlops.iteration(model, batch) / 1e9).put("achievedGflops", gflops).put("shareOfSgemmPeak", gflops / sgemm);
      ObjectNode profile = LayerProfile.run(model, batch, s.warmup(), s.iterations());
      b.set("profile", profile);
      ProgressLog.format("bench: DCGAN profile batch %d: %s", batch, LayerProfile.summary(profile));
      ObjectNode torch = pytorch(s, batch, false);
      b.set("pytorch", torch);
      if (torch.has("msPerIteration")) {
        b.put("speedupOverPytorch", torch.get("msPerIteration").asDouble() / ms);
      }
      ProgressLog.format("bench: DCGAN iteration batch %d: %.0f ms, %.1f images/s, %.1f GFLOP/s (%.0f%% of sgemm)%s",
          batch, ms, batch / ms * 1e3, gflops, 100 * gflops / sgemm, torch.has("msPerIteration")
              ? String.format("; PyTorch %.0f ms (nftgen/PyTorch speed %.2fx)", torch.get("msPerIteration").asDouble(),
                  torch.get("msPerIteration").asDouble() / ms) : "; PyTorch: " + torch.path("skipped").asText());
    }

    int inferBatch = s.batches().get(0);
    double inferMs = inferenceMillis(model, inferBatch, s.warmup(), s.iterations());
    ObjectNode infer = bench.putObject("inference");
    infer.put("batch", inferBatch).put("imagesPerSecond", inferBatch / inferMs * 1e3);
    infer.set("pytorch", pytorch(s, inferBatch, true));
    ProgressLog.format("bench: generator inference: %.1f images/s", inferBatch / inferMs * 1e3);

    bench.set("superResolution", SrBench.run(s.superResolution(), s.warmup(), s.iterations()));
    bench.set("averaging", averaging(jsc, s));
    bench.set("generation", generation(s));
    return bench;
  }

  /**
   * The generate job's per-image pipeline in one task: latent -> generator -> denoise -> 2x and 4x
   * -> denoise -> PNG, in chunks as the job runs it, on untrained networks of the configured shapes
   * (the work does not depend on the weights): once with the bicubic fallback and once with a 2x
   * and a 4x SRGAN ({@code nftgen.srgan}'s shape), as the pipeline runs it. A cluster runs one such
   * task per core it gives the job.
   */
  private static ObjectNode generation(BenchSettings s) {
    ObjectNode g = generation(s, new org.nftgen.generate.BicubicUpscaler(s.bicubicFactor()), "bicubic", 1);
    SrganSettings sr = s.superResolution().model();
    org.nftgen.generate.UpscalerSource pair = new org.nftgen.generate.UpscalerPair(untrained(sr, 2), untrained(sr, 4));
    ObjectNode srgan = generation(s, pair, "srgan 2x + 4x", 1);
    g.set("srgan", srgan);
    int tasks = Runtime.getRuntime().availableProcessors();
    double perMachine = concurrentGeneration(s, pair, tasks);
    srgan.put("concurrentTasks", tasks).put("imagesPerSecondPerMachine", perMachine);
    ProgressLog.format("bench: generation (srgan 2x + 4x), %d tasks at once as a %d-core executor runs them: "
        + "%.2f images/s per machine", tasks, tasks, perMachine);
    // The other way to use the machine: one task given every core (spark.task.cpus = cores), which
    // denoises that many images at once (nftgen.generate.threads = 0).
    ObjectNode wide = generation(s, pair, "srgan 2x + 4x", tasks);
    srgan.set("oneTaskAllCores", wide);
    srgan.put("imagesPerSecondPerMachineBest", Math.max(perMachine, wide.get("imagesPerSecondPerTask").asDouble()));
    return g;
  }

  /**
   * The srgan pipeline in {@code tasks} threads at once, each with its own networks, as Spark runs
   * one task per core: the images per second of the whole machine, which is what a batch costs
   * (one task alone leaves the cores idle while it denoises, which OpenCV does on one thread).
   */
  private static double concurrentGeneration(BenchSettings s, org.nftgen.generate.UpscalerSource upscaler,
      int tasks) {
    int n = s.generateImages();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(tasks);
    try {
      List<java.util.concurrent.Callable<Void>> work = new ArrayList<>();
      java.util.concurrent.CyclicBarrier ready = new java.util.concurrent.CyclicBarrier(tasks + 1);
      for (int t = 0; t < tasks; t++) {
        String batch = "bench-" + t;
        work.add(() -> {
          try (org.nftgen.generate.GenerationPipeline pipeline = new org.nftgen.generate.GenerationPipeline(
              net(s.model()), s.model().nz(), s.model().resolution(), new org.nftgen.denoise.Denoiser(s.denoise()),
              upscaler.open())) {
            pipeline.render(1, batch, 0, Math.min(s.generateChunk(), n)); // warm-up
            ready.await();
            for (long from = 0; from < n; from += s.generateChunk()) {
              for (var image : pipeline.render(1, batch, from, Math.min(n, from + s.generateChunk()))) {
                for (var size : image.sizes()) {
                  org.nftgen.image.PngCodec.encode(size.toBufferedImage());
                }
              }
            }
          }
          return null;
        });
      }
      List<java.util.concurrent.Future<Void>> running = new ArrayList<>();
      for (var w : work) {
        running.add(pool.submit(w));
      }
      ready.await();
      long start = System.nanoTime();
      for (var f : running) {
        f.get();
      }
      return (double) tasks * n / ((System.nanoTime() - start) / 1e9);
    } catch (Exception e) {
      throw new IllegalStateException("concurrent generation benchmark failed: " + e.getMessage(), e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** An SRGAN generator of {@code factor} with freshly initialised weights, as an upscaler. */
  private static org.nftgen.generate.UpscalerSource untrained(SrganSettings sr, int factor) {
    SrganSettings shape = sr.withShape(factor, sr.blocks(), sr.generatorWidth(), sr.discriminatorWidth(),
        sr.discriminatorDense(), sr.hrResolution(), sr.hrCrop(), sr.batch());
    ComputationGraph net = new ComputationGraph(org.nftgen.srgan.SrganModels.generator(shape, false));
    net.init();
    return new org.nftgen.generate.TrainedUpscaler(shape, net.params().toFloatVector(), "untrained", "untrained",
        java.util.Map.of());
  }

  /** One task's pipeline, denoising {@code denoiseThreads} images at once. */
  private static ObjectNode generation(BenchSettings s, org.nftgen.generate.UpscalerSource upscaler, String name,
      int denoiseThreads) {
    org.nftgen.generate.GenerationPipeline pipeline = new org.nftgen.generate.GenerationPipeline(
        net(s.model()), s.model().nz(),
        s.model().resolution(), new org.nftgen.denoise.Denoiser(s.denoise()), upscaler.open(), denoiseThreads);
    pipeline.render(1, "bench", 0, Math.min(s.generateChunk(), s.generateImages())); // warm-up
    double[] before = pipeline.stageSeconds();
    long start = System.nanoTime();
    double encode = 0;
    for (long from = 0; from < s.generateImages(); from += s.generateChunk()) {
      for (var image : pipeline.render(1, "bench", from, Math.min(s.generateImages(), from + s.generateChunk()))) {
        long e = System.nanoTime();
        for (var size : image.sizes()) {
          org.nftgen.image.PngCodec.encode(size.toBufferedImage());
        }
        encode += (System.nanoTime() - e) / 1e9;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double[] after = pipeline.stageSeconds();
    pipeline.close();
    ObjectNode g = Json.object();
    int n = s.generateImages();
    int base = s.model().resolution();
    g.put("images", n).put("sides", base + "," + base * 2 + "," + base * 4).put("upscaler", name)
        .put("denoise", s.denoise().method()).put("denoiseThreads", denoiseThreads)
        .put("imagesPerSecondPerTask", n / seconds)
        .put("msPerImage", seconds * 1e3 / n)
        .put("generatorMsPerImage", (after[0] - before[0]) * 1e3 / n)
        .put("denoiseMsPerImage", (after[1] - before[1]) * 1e3 / n)
        .put("upscaleMsPerImage", (after[2] - before[2]) * 1e3 / n)
        .put("pngMsPerImage", encode * 1e3 / n);
    ProgressLog.format("bench: generation (%s px, %s, denoise %s on %d threads): %.2f images/s per task "
            + "(per image: generator %.1f ms, denoise %.1f ms, upscale %.1f ms, PNG %.1f ms)",
        g.get("sides").asText(), name, s.denoise().method(), denoiseThreads, n / seconds, g.get("generatorMsPerImage").asDouble(),
        g.get("denoiseMsPerImage").asDouble(), g.get("upscaleMsPerImage").asDouble(), g.get("pngMsPerImage").asDouble());
    return g;
  }

  private static MultiLayerNetwork net(DcganSettings model) {
    MultiLayerNetwork g = new MultiLayerNetwork(org.nftgen.dcgan.DcganModels.generator(model));
    g.init();
    return g;
  }

  private static double sgemmGflops(int n, int warmup, int iterations) {
    INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
    INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
    double[] ms = time(() -> a.mmul(b), warmup, iterations);
    return 2.0 * n * n * n / median(ms) / 1e6;
  }

  /** A 3x3, 128 -> 128 channel convolution on 32x32 maps, batch 32: the kind of layer DCGAN runs. */
  private static double convGflops(int warmup, int iterations) {
    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
        .layer(new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(128).activation(Activation.IDENTITY).build())
        .setInputType(InputType.convolutional(32, 32, 128)).build());
    net.init();
    INDArray x = Nd4j.rand(DataType.FLOAT, 32, 128, 32, 32);
    double[] ms = time(() -> net.output(x, false), warmup, iterations);
    return 2.0 * 32 * 128 * 32 * 32 * 128 * 9 / median(ms) / 1e6;
  }

  private static double iterationMillis(DcganSettings model, int warmup, int iterations) {
    try (GanStep gan = DcganModels.newGan(model)) {
      INDArray real = Nd4j.rand(DataType.FLOAT, model.batch(), 3, model.resolution(), model.resolution())
          .muli(2).subi(1);
      return median(time(() -> gan.step(real), warmup, iterations));
    } catch (Exception e) {
      throw new IllegalStateException("DCGAN benchmark failed: " + e.getMessage(), e);
    }
  }

  private static double inferenceMillis(DcganSettings model, int batch, int warmup, int iterations) {
    try (GanStep gan = DcganModels.newGan(model)) {
      INDArray z = gan.sampleLatents(batch);
      return median(time(() -> gan.generator().output(z, false), warmup, iterations));
    } catch (Exception e) {
      throw new IllegalStateException("inference benchmark failed: " + e.getMessage(), e);
    }
  }

  /**
   * One parameter-averaging round per configured number of local iterations, on random images:
   * the share of its time outside the workers (broadcast, task launch, results, the mean). The
   * rounds start from a state that has trained one round, so that Adam's moments are not the
   * zeros a fresh state broadcasts compressed.
   */
  private static ObjectNode averaging(JavaSparkContext jsc, BenchSettings s) {
    DcganSettings model = s.model().withBatch(s.batches().get(0));
    List<byte[]> images = new ArrayList<>();
    Random random = new Random(1);
    for (int i = 0; i < 4 * s.averagingWorkers(); i++) {
      byte[] pixels = new byte[model.resolution() * model.resolution() * 3];
      random.nextBytes(pixels);
      images.add(pixels);
    }
    JavaRDD<byte[]> shards = jsc.parallelize(images, s.averagingWorkers()).cache();
    GanState start;
    try (GanStep gan = DcganModels.newGan(model)) {
      start = gan.snapshot();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    DcganTrainer trainer = new DcganTrainer(model);
    // Warm-up: builds each worker's networks, and gives the timed rounds a trained state.
    start = new AveragingLoop<>(jsc, trainer, 1).run(shards, start, 1).state();
    ObjectNode a = Json.object();
    ArrayNode all = Json.mapper().createArrayNode();
    long round = 2;
    for (int k : s.averagingIterations()) {
      // Three rounds, each from the last one's state as training runs them; the median by share
      // is reported (one round's share moved by a few points between benches).
      List<AveragingLoop.Round<GanState>> rounds = new ArrayList<>();
      for (int i = 0; i < AVERAGING_ROUNDS; i++) {
        AveragingLoop.Round<GanState> r = new AveragingLoop<>(jsc, trainer, k).run(shards, start, round++);
        start = r.state();
        rounds.add(r);
      }
      rounds.sort(java.util.Comparator.comparingDouble(Bench::outsideShare));
      AveragingLoop.Round<GanState> r = rounds.get(rounds.size() / 2);
      double overhead = Math.max(0, r.seconds() - r.workerSeconds());
      double floor = k >= 10 ? 0.05 : 0.10; // the speed issue's floors: 5% at K = 10, 10% at K = 2
      ObjectNode one = all.addObject();
      one.put("workers", r.workers()).put("localIterations", k).put("roundSeconds", r.seconds())
          .put("outsideWorkersSeconds", overhead).put("shareOfRound", overhead / r.seconds())
          .put("floorShare", floor).put("met", overhead / r.seconds() <= floor).put("rounds", rounds.size());
      ArrayNode shares = one.putArray("sharesOfRounds");
      rounds.forEach(x -> shares.add(outsideShare(x)));
      ProgressLog.format("bench: averaging round (%d workers, K=%d): %.2f s, %.1f%% outside the workers "
              + "(median of %d rounds: %.1f%% to %.1f%%; floor %.0f%%)", r.workers(), k, r.seconds(),
          100 * overhead / r.seconds(), rounds.size(), 100 * outsideShare(rounds.get(0)),
          100 * outsideShare(rounds.get(rounds.size() - 1)), 100 * floor);
    }
    shards.unpersist();
    a.setAll((ObjectNode) all.get(0));
    a.put("stateMegabytes", 4.0 * Arrays.stream(start.arrays()).mapToLong(x -> x.length).sum() / 1e6);
    a.set("byLocalIterations", all);
    return a;
  }

  /** Timed averaging rounds per number of local iterations. */
  private static final int AVERAGING_ROUNDS = 3;

  private static double outsideShare(AveragingLoop.Round<?> r) {
    return Math.max(0, r.seconds() - r.workerSeconds()) / r.seconds();
  }

  private static final Pattern TORCH_MS = Pattern.compile("CLEAN ms/iter median ([0-9.]+)");
  private static final Pattern TORCH_GFLOPS = Pattern.compile("achieved GFLOP/s \\(clean median\\) ([0-9.]+)");

  /** Runs the PyTorch reference with the same shape; says why if it cannot. */
  private static ObjectNode pytorch(BenchSettings s, int batch, boolean infer) {
    ObjectNode r = Json.object();
    DcganSettings m = s.model();
    if (m.resolution() != 64) {
      return r.put("skipped", "the reference is built for 64x64 images; this model is " + m.resolution());
    }
    File script = new File(s.pytorchScript());
    if (!script.isFile()) {
      return r.put("skipped", "reference script not found at " + script.getAbsolutePath());
    }
    List<String> cmd = new ArrayList<>(List.of(s.python(), script.getPath(), "--batch", String.valueOf(batch),
        "--nz", String.valueOf(m.nz()), "--ngf", String.valueOf(m.ngf()), "--ndf", String.valueOf(m.ndf()),
        "--iters", String.valueOf(s.iterations()), "--warmup", String.valueOf(s.warmup()),
        "--threads", String.valueOf(s.pytorchThreads())));
    cmd.add(infer ? "--infer" : "--profile");
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put("OPENBLAS_NUM_THREADS", "1"); // the reference's documented best setting
      Process p = pb.start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
        return r.put("skipped", "the reference failed: " + text.lines().reduce((a, b) -> b).orElse(""));
      }
      Matcher ms = TORCH_MS.matcher(text);
      Matcher gf = TORCH_GFLOPS.matcher(text);
      if (!ms.find()) {
        return r.put("skipped", "no clean timing in the reference's output: " + text.lines().findFirst().orElse(""));
      }
      r.put("msPerIteration", Double.parseDouble(ms.group(1)));
      r.put("imagesPerSecond", batch / Double.parseDouble(ms.group(1)) * 1e3);
      if (gf.find()) {
        r.put("achievedGflops", Double.parseDouble(gf.group(1)));
      }
      r.put("output", text.lines().findFirst().orElse(""));
      // torch.profiler's self time per ATen op, the peer of LayerProfile's table.
      com.fasterxml.jackson.databind.node.ArrayNode ops = r.putArray("profile");
      text.lines().filter(l -> l.startsWith("PROFILE ")).forEach(l -> ops.add(l.substring("PROFILE ".length())));
      return r;
    } catch (IOException e) {
      return r.put("skipped", "cannot run " + s.python() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return r.put("skipped", "interrupted");
    }
  }

  private static double[] time(Runnable work, int warmup, int iterations) {
    for (int i = 0; i < warmup; i++) {
      work.run();
    }
    double[] ms = new double[iterations];
    for (int i = 0; i < iterations; i++) {
      long t = System.nanoTime();
      work.run();
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    return ms;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
