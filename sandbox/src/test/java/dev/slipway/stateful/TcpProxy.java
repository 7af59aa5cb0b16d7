package dev.slipway.stateful;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1 in front of one datastore, so a test can make the datastore "briefly
 * unavailable": {@link #cut()} closes every open connection and turns new ones away (accepted and
 * closed at once, which clients see as a dropped connection without waiting for a timeout), and
 * {@link #restore()} lets them through again. The listening port never changes, so endpoints that
 * name it stay valid.
 */
final class TcpProxy implements AutoCloseable {
  private final String name;
  private final int targetPort;
  private final ServerSocket server;
  private final ExecutorService threads;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger relayed = new AtomicInteger();
  private volatile boolean cut;
  private volatile Runnable onConnection = () -> {};
  private volatile java.util.function.Supplier<WireStatements.Sink> reader = () -> null;
  private final boolean declinePostgresTls;

  TcpProxy(String name, int targetPort) {
    this(name, targetPort, false);
  }

  /**
   * With {@code declinePostgresTls}, the proxy answers PostgreSQL's SSL and GSS encryption requests
   * with "N" itself, as a server without TLS would: the JDBC driver (sslmode=prefer) then talks
   * plain text, and the sequences do not spend their CPU on a TLS handshake per connection.
   */
  TcpProxy(String name, int targetPort, boolean declinePostgresTls) {
    this.name = name;
    this.targetPort = targetPort;
    this.declinePostgresTls = declinePostgresTls;
    this.threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "proxy-" + name);
              t.setDaemon(true);
              return t;
            });
    try {
      this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen for the " + name + " proxy", e);
    }
    threads.execute(this::acceptLoop);
  }

  int port() {
    return server.getLocalPort();
  }

  /** Called (on a proxy thread) for every connection that is let through. */
  void onConnection(Runnable listener) {
    this.onConnection = listener;
  }

  /** Reads what each new connection's client sends (one sink per connection). */
  void readClients(java.util.function.Supplier<WireStatements.Sink> perConnection) {
    this.reader = perConnection;
  }

  /** Drops every open connection and turns new ones away until {@link #restore()}. */
  void cut() {
    cut = true;
    open.forEach(TcpProxy::closeQuietly);
    open.clear();
  }

  void restore() {
    cut = false;
  }

  boolean isCut() {
    return cut;
  }

  /** Connections let through since the proxy started. */
  int relayed() {
    return relayed.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (cut) {
          closeQuietly(client);
          continue;
        }
        relay(client);
      } catch (IOException e) {
        if (server.isClosed()) return;
      }
    }
  }

  private void relay(Socket client) {
    Socket upstream;
    try {
      upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
    } catch (IOException e) {
      closeQuietly(client);
      return;
    }
    open.add(client);
    open.add(upstream);
    if (cut) {
      // Cut while this one was being connected: it must not slip through.
      closeQuietly(client);
      closeQuietly(upstream);
      return;
    }
    relayed.incrementAndGet();
    onConnection.run();
    threads.execute(
        () -> {
          WireStatements.Sink sink = reader.get();
          if (!declinePostgresTls || declineEncryption(client, upstream, sink)) {
            pump(client, upstream, sink);
          }
        });
    threads.execute(() -> pump(upstream, client, null));
  }

  /**
   * Reads the client's first messages: SSLRequest and GSSENCRequest (8 bytes: length 8 and a magic
   * code) are answered "N"; the first other message is passed on. False if the client went away.
   */
  private boolean declineEncryption(Socket client, Socket upstream, WireStatements.Sink sink) {
    try {
      java.io.DataInputStream in = new java.io.DataInputStream(client.getInputStream());
      while (true) {
        byte[] head = new byte[8];
        in.readFully(head);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(head);
        int length = b.getInt();
        int code = b.getInt();
        boolean encryptionRequest = length == 8 && (code == 80877103 || code == 80877104);
        if (!encryptionRequest) {
          if (sink != null) sink.accept(head, 0, head.length);
          upstream.getOutputStream().write(head);
          return true;
        }
        client.getOutputStream().write('N');
        client.getOutputStream().flush();
      }
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(upstream);
      return false;
    }
  }

  /** Copies one direction until either side closes, then closes both. */
  private void pump(Socket from, Socket to, WireStatements.Sink sink) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (sink != null) sink.accept(buffer, 0, n);
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // A cut or a client closing: either way this pair is finished.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Already closed.
    }
  }

  @Override
  public void close() {
    cut();
    closeQuietly(server);
    threads.shutdownNow();
  }

  @Override
  public String toString() {
    return "TcpProxy["
        + name
        + " 127.0.0.1:"
        + port()
        + " -> "
        + targetPort
        + (cut ? ", cut" : "")
        + "]";
  }

  private static void closeQuietly(ServerSocket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Already closed.
    }
  }
}
