package org.nftgen.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of the S3 server that misbehaves on a share of connections, seeded so a
 * run is repeatable: some get an HTTP 503 "SlowDown" to their first request and are closed, some
 * are cut off after a random number of bytes in either direction (mid-request or mid-response,
 * the way a flaky network or a restarted load balancer does it), the rest pass through. Cut
 * connections make clients open new ones, so the faults keep coming for the whole run.
 */
final class FaultyProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int upstreamPort;
  private final double errorShare;
  private final double cutShare;
  private final Random random;
  final AtomicInteger connections = new AtomicInteger();
  final AtomicInteger errors = new AtomicInteger();
  final AtomicInteger cuts = new AtomicInteger();
  private volatile boolean faulty = true;

  FaultyProxy(int upstreamPort, double errorShare, double cutShare, long seed) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.upstreamPort = upstreamPort;
    this.errorShare = errorShare;
    this.cutShare = cutShare;
    this.random = new Random(seed);
    Thread accept = new Thread(this::acceptLoop, "faulty-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return server.getLocalPort();
  }

  String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  /** Turns the faults off (e.g. for a clean re-run) or on again. */
  void faulty(boolean on) {
    faulty = on;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        connections.incrementAndGet();
        double r;
        long budget;
        synchronized (random) {
          r = random.nextDouble();
          budget = 1 + random.nextInt(100_000);
        }
        if (faulty && r < errorShare) {
          errors.incrementAndGet();
          start(() -> answer503(client));
        } else {
          boolean cut = faulty && r < errorShare + cutShare;
          if (cut) {
            cuts.incrementAndGet();
          }
          Socket upstream = new Socket("127.0.0.1", upstreamPort);
          AtomicLong left = new AtomicLong(cut ? budget : Long.MAX_VALUE);
          start(() -> pipe(client, upstream, left));
          start(() -> pipe(upstream, client, left));
        }
      } catch (IOException e) {
        if (!server.isClosed()) {
          System.err.println("faulty-proxy: " + e);
        }
      }
    }
  }

  private static void start(Runnable r) {
    Thread t = new Thread(r, "faulty-proxy-io");
    t.setDaemon(true);
    t.start();
  }

  /** Reads the request head, then answers with S3's throttling error and closes. */
  private static void answer503(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      int matched = 0;
      int b;
      byte[] end = {'\r', '\n', '\r', '\n'};
      while (matched < 4 && (b = in.read()) >= 0) {
        matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
          + "<Message>Please reduce your request rate.</Message></Error>";
      String response = "HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: "
          + body.length() + "\r\nConnection: close\r\n\r\n" + body;
      OutputStream out = client.getOutputStream();
      out.write(response.getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException ignored) {
      // the client went away first: as good as any other fault
    }
  }

  /** Copies bytes until either side closes or the connection's byte budget runs out. */
  private static void pipe(Socket from, Socket to, AtomicLong left) {
    byte[] buffer = new byte[8192];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        long allowed = left.addAndGet(-n) + n;
        if (allowed <= 0) {
          break;
        }
        out.write(buffer, 0, (int) Math.min(n, allowed));
        out.flush();
        if (allowed < n) {
          break;
        }
      }
    } catch (IOException ignored) {
      // the other direction closed the sockets
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
