package dev.cachelab.redis;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal RESP3 connection for the near cache's invalidation stream: commands go out as arrays of bulk strings,
 * and {@link #read()} returns the next frame, whether it is the reply to a command or a push message the server sent
 * on its own ({@link Push}).
 *
 * <p><b>Why not a Jedis connection.</b> Jedis 8.0.2 routes RESP3 push messages through hooks it marks experimental
 * and internal, and its client-side cache refuses servers older than 7.4. The invalidation connection needs only
 * {@code HELLO}, {@code CLIENT TRACKING}, {@code PING} and {@code CLUSTER NODES}, and it needs to see every frame in
 * order — a push, then a {@code PONG} that proves every earlier push has arrived — so it speaks the protocol itself,
 * in this one small class (the protocol: <a href="https://redis.io/docs/latest/develop/reference/protocol-spec/">RESP
 * specification</a>).
 *
 * <p>Frames decode to: simple strings and verbatim strings → {@code String}; bulk strings → {@code byte[]}; integers
 * → {@code Long}; arrays, sets → {@code List}; maps and attributes → {@code List} of alternating keys and values;
 * nulls → {@code null}; errors → {@link Error}; pushes → {@link Push}; booleans → {@code Boolean}; doubles and big
 * numbers → {@code String}.
 *
 * <p>One thread reads; writes are serialized by {@link #send}. Not otherwise thread-safe.
 */
final class RespConnection implements AutoCloseable {

  /** A push message: the server speaks without being asked (RESP3 {@code >}). */
  record Push(List<Object> parts) {

    /** The push's kind, e.g. {@code invalidate}. */
    String kind() {
      Object first = parts.isEmpty() ? null : parts.get(0);
      return first instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(first);
    }
  }

  /** An error reply, e.g. {@code ERR unknown command}. */
  record Error(String message) {}

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RespConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    this.out = new BufferedOutputStream(socket.getOutputStream(), 4 * 1024);
  }

  /**
   * Opens a connection; reads time out after {@code timeoutMillis} until {@link #readForever()}.
   *
   * @throws IOException if the server cannot be reached in time
   */
  static RespConnection open(String host, int port, boolean ssl, int timeoutMillis) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.setKeepAlive(true);
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      if (ssl) {
        SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
            .createSocket(socket, host, port, true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // check the server's name, as Jedis does
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        socket = tls;
      }
      return new RespConnection(socket);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Lets reads block without a bound: the health check, not a socket timeout, decides when silence is too long. */
  void readForever() throws SocketException {
    socket.setSoTimeout(0);
  }

  /** Sends one command. */
  synchronized void send(Object... args) throws IOException {
    out.write(('*' + Integer.toString(args.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (Object arg : args) {
      byte[] bytes = arg instanceof byte[] b ? b : String.valueOf(arg).getBytes(StandardCharsets.UTF_8);
      out.write(('$' + Integer.toString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.write('\r');
      out.write('\n');
    }
    out.flush();
  }

  /** Sends a command and reads frames until its reply, which it returns; pushes read meanwhile are dropped. */
  Object call(Object... args) throws IOException {
    send(args);
    Object reply;
    do {
      reply = read();
    } while (reply instanceof Push);
    return reply;
  }

  /**
   * Reads the next frame.
   *
   * @throws IOException if the connection breaks, times out, or the bytes are not RESP
   */
  Object read() throws IOException {
    int type = in.read();
    if (type == -1) {
      throw new EOFException("the server closed the connection");
    }
    switch (type) {
      case '+':
        return line();
      case '-':
        return new Error(line());
      case ':':
        return Long.parseLong(line());
      case '$':
        return bulk();
      case '=': {
        byte[] verbatim = bulk();
        return verbatim == null ? null : new String(verbatim, 4, verbatim.length - 4, StandardCharsets.UTF_8);
      }
      case '!':
        return new Error(new String(bulk(), StandardCharsets.UTF_8));
      case '*':
      case '~':
        return aggregate(Integer.parseInt(line()));
      case '%':
        return aggregate(2 * Integer.parseInt(line()));
      case '|': {
        aggregate(2 * Integer.parseInt(line())); // attributes describe the next frame: skip them
        return read();
      }
      case '>':
        return new Push(aggregate(Integer.parseInt(line())));
      case '_':
        line();
        return null;
      case '#':
        return "t".equals(line());
      case ',':
      case '(':
        return line();
      default:
        throw new IOException("not a RESP frame: type byte " + type);
    }
  }

  private List<Object> aggregate(int count) throws IOException {
    if (count < 0) {
      return null; // RESP2's null array
    }
    List<Object> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      items.add(read());
    }
    return items;
  }

  private byte[] bulk() throws IOException {
    int length = Integer.parseInt(line());
    if (length < 0) {
      return null; // RESP2's null bulk string
    }
    byte[] bytes = in.readNBytes(length);
    if (bytes.length != length || in.read() != '\r' || in.read() != '\n') {
      throw new EOFException("a truncated bulk string");
    }
    return bytes;
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b == -1) {
        throw new EOFException("the server closed the connection");
      }
      if (b == '\r') {
        if (in.read() != '\n') {
          throw new IOException("a RESP line without its line feed");
        }
        return line.toString();
      }
      line.append((char) b);
    }
  }

  /** Closes the socket; a thread blocked in {@link #read()} gets an exception. Idempotent. */
  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing: nothing left to do
    }
  }
}
