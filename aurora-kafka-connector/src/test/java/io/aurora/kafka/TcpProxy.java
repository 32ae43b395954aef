package io.aurora.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback that can be taken down (every connection cut, new ones refused by closing
 * them at once) and brought back, to make a broker go away and come back at the same address. The
 * target port may be set after the proxy listens.
 */
final class TcpProxy implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile int targetPort;
  private volatile boolean isDown;
  private volatile boolean isClosed;

  TcpProxy() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "tcp-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  void target(int port) {
    targetPort = port;
  }

  /** Cuts every connection and refuses new ones until {@link #up()}. */
  void down() {
    isDown = true;
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    open.clear();
  }

  void up() {
    isDown = false;
  }

  private void accept() {
    while (!isClosed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      if (isDown || targetPort == 0) {
        closeQuietly(client);
        continue;
      }
      try {
        Socket upstream = new Socket();
        upstream.connect(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[64 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                  out.write(buffer, 0, read);
                }
              } catch (IOException e) {
                // One side closed: close both.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "tcp-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing.
    }
  }

  @Override
  public void close() throws IOException {
    isClosed = true;
    down();
    server.close();
  }
}
