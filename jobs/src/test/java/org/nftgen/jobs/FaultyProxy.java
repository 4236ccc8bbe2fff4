package org.nftgen.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of the S3 server that misbehaves on a share of requests, seeded so a run
 * is repeatable. HTTP/1.1 without pipelining alternates request and response on a connection, so
 * client bytes that follow server bytes (or open the connection) start a new request; for each,
 * the proxy rolls: answer HTTP 503 "SlowDown" and close, cut the connection partway through the
 * request (as a flaky network or a restarted load balancer does), pass the request through but
 * lose the server's response (the store did the PUT or DELETE, the client never hears so and
 * retries it), or pass it through. Clients keep
 * connections alive, which is why the faults are per request rather than per connection.
 */
final class FaultyProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int upstreamPort;
  private final double errorShare;
  private final double cutShare;
  private final double lostShare;
  private final Random random;
  final AtomicInteger connections = new AtomicInteger();
  final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger errors = new AtomicInteger();
  final AtomicInteger cuts = new AtomicInteger();
  final AtomicInteger lostResponses = new AtomicInteger();
  private volatile boolean faulty = true;

  FaultyProxy(int upstreamPort, double errorShare, double cutShare, double lostShare, long seed) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.upstreamPort = upstreamPort;
    this.errorShare = errorShare;
    this.cutShare = cutShare;
    this.lostShare = lostShare;
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
        Socket upstream = new Socket("127.0.0.1", upstreamPort);
        AtomicBoolean serverSpoke = new AtomicBoolean(true); // the first client bytes start a request
        AtomicBoolean loseResponse = new AtomicBoolean(); // the current request's response is lost
        start(() -> clientToServer(client, upstream, serverSpoke, loseResponse));
        start(() -> serverToClient(upstream, client, serverSpoke, loseResponse));
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

  private void clientToServer(Socket client, Socket upstream, AtomicBoolean serverSpoke, AtomicBoolean loseResponse) {
    byte[] buffer = new byte[8192];
    try {
      InputStream in = client.getInputStream();
      OutputStream out = upstream.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (serverSpoke.getAndSet(false)) {
          requests.incrementAndGet();
          double r;
          synchronized (random) {
            r = random.nextDouble();
          }
          if (faulty && r < errorShare) {
            errors.incrementAndGet();
            answer503(client);
            return;
          }
          if (faulty && r < errorShare + cutShare) {
            cuts.incrementAndGet();
            out.write(buffer, 0, n / 2); // part of the request, then the line goes dead
            out.flush();
            return;
          }
          if (faulty && r < errorShare + cutShare + lostShare) {
            lostResponses.incrementAndGet();
            loseResponse.set(true); // the whole request goes on; its answer will not come back
          }
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException ignored) {
      // the other direction closed the sockets
    } finally {
      closeQuietly(client);
      closeQuietly(upstream);
    }
  }

  private static void serverToClient(Socket upstream, Socket client, AtomicBoolean serverSpoke,
      AtomicBoolean loseResponse) {
    byte[] buffer = new byte[8192];
    try {
      InputStream in = upstream.getInputStream();
      OutputStream out = client.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (loseResponse.get()) {
          return; // the server has answered, so it did the work; the client hears nothing (finally closes)
        }
        out.write(buffer, 0, n);
        out.flush();
        serverSpoke.set(true);
      }
    } catch (IOException ignored) {
      // the other direction closed the sockets
    } finally {
      closeQuietly(client);
      closeQuietly(upstream);
    }
  }

  /** S3's throttling answer; the connection is closed after it. */
  private static void answer503(Socket client) throws IOException {
    String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
        + "<Message>Please reduce your request rate.</Message></Error>";
    String response = "HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: "
        + body.length() + "\r\nConnection: close\r\n\r\n" + body;
    OutputStream out = client.getOutputStream();
    out.write(response.getBytes(StandardCharsets.US_ASCII));
    out.flush();
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
