package dev.cachelab.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The near cache's view of every write under one key prefix: a RESP3 connection to each Redis master with
 * {@code CLIENT TRACKING ON BCAST PREFIX <prefix>}, over which the server pushes an {@code invalidate} message for
 * every key under the prefix that anyone modifies (and one with no keys for {@code FLUSHALL} / {@code FLUSHDB}).
 *
 * <p><b>When the stream can be trusted.</b> Only while every master's connection is up and answering. The invalidation
 * and the {@code PONG} travel on the same connection in order, so a {@code PONG} proves that every invalidation the
 * server sent before it has arrived. Every {@code interval} a health check sends {@code PING} to each connection; a
 * connection silent for two intervals (a paused server, a half-open TCP connection) is closed. Any connection that
 * breaks, closes or goes silent, and on a Cluster any change in the set of masters, makes the stream
 * {@linkplain Listener#lost lost}; once every master is tracked again it is {@linkplain Listener#established
 * established} anew. The listener flushes its L1 on both, so nothing read before a gap is served after it.
 *
 * <p>The stream's own connection is the tracked one (RESP3 pushes, no {@code REDIRECT}), so there is one connection
 * per master to watch, not two: with RESP2's {@code REDIRECT}, invalidations stop silently when the <em>tracked</em>
 * connection dies (Redis issues 11767, 13082) while the subscribed one looks healthy.
 *
 * <p>Threads: one daemon reader per connection delivers invalidations as they arrive; one daemon scheduler runs the
 * health check, reconnects and (on a Cluster) compares the masters. Thread-safe.
 */
final class InvalidationStream implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(InvalidationStream.class.getName());

  /** Told what the stream sees. Called on the stream's threads; must be quick and must not block. */
  interface Listener {

    /** A key under the prefix was modified by someone (including this process). */
    void invalidated(byte[] redisKey);

    /** The server's whole keyspace was flushed ({@code FLUSHALL}, {@code FLUSHDB}). */
    void flushed();

    /** Invalidations may have been missed from now on: stop trusting what was read. Called under the stream's lock. */
    void lost(String reason);

    /** Every master is tracked again: flush, then trust. Called under the stream's lock. */
    void established();
  }

  /** Where a Redis server listens. */
  record Endpoint(String host, int port) {
    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  /** How to reach Redis: the seeds (the server, or any Cluster nodes), credentials, TLS, and the health interval. */
  record Settings(boolean cluster, List<Endpoint> seeds, String user, String password, boolean ssl,
      Duration interval, String clientName) {}

  private final Settings settings;
  private final byte[] prefix;
  private final Listener listener;
  private final int timeoutMillis;
  private final ScheduledExecutorService scheduler;
  private final ReentrantLock lock = new ReentrantLock();
  /** The tracked masters; replaced as a whole on a topology change. Guarded by {@link #lock}. */
  private Map<Endpoint, Node> nodes = new LinkedHashMap<>();
  private final Set<Endpoint> knownNodes = new LinkedHashSet<>();
  private boolean trusted;
  private volatile boolean closed;
  private volatile long losses;
  private volatile String lastLoss;

  InvalidationStream(Settings settings, byte[] prefix, Listener listener) {
    this.settings = settings;
    this.prefix = prefix.clone();
    this.listener = listener;
    this.timeoutMillis = (int) Math.max(1, settings.interval().toMillis());
    this.knownNodes.addAll(settings.seeds());
    this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "cachelab-near-cache-health " + new String(prefix,
          StandardCharsets.UTF_8));
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Connects, waiting at most one interval for it (so a cache starts with a trusted L1 when Redis is there, and
   * starts anyway when it is not), then checks health every interval.
   */
  void start() {
    java.util.concurrent.Future<?> first = scheduler.submit(this::check);
    long every = settings.interval().toNanos();
    scheduler.scheduleWithFixedDelay(this::check, every, every, TimeUnit.NANOSECONDS);
    try {
      first.get(every, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // not trusted yet: the health check goes on connecting
    }
  }

  /** Whether every master is tracked and answering now. */
  boolean trusted() {
    lock.lock();
    try {
      return trusted;
    } finally {
      lock.unlock();
    }
  }

  /** How many times the stream was lost: a connection broke or went silent, or the masters changed. */
  long losses() {
    return losses;
  }

  /** Why the stream was last lost, or {@code null}. */
  String lastLoss() {
    return lastLoss;
  }

  /** The endpoints tracked now (for tests and messages). */
  Set<Endpoint> tracked() {
    lock.lock();
    try {
      return Set.copyOf(nodes.keySet());
    } finally {
      lock.unlock();
    }
  }

  // ---- the health check, on the scheduler thread ---------------------------------------------------------------

  private void check() {
    if (closed) {
      return;
    }
    try {
      if (settings.cluster()) {
        followTopology();
      } else if (nodes.isEmpty()) {
        lock.lock();
        try {
          settings.seeds().forEach(seed -> nodes.put(seed, new Node(seed)));
        } finally {
          lock.unlock();
        }
      }
      List<Node> current;
      lock.lock();
      try {
        current = new ArrayList<>(nodes.values());
      } finally {
        lock.unlock();
      }
      long now = System.nanoTime();
      for (Node node : current) {
        if (!node.isUp()) {
          node.connect();
        } else if (now - node.lastReply > 2 * settings.interval().toNanos()) {
          node.down(node.connection, "no reply from " + node.at + " for "
              + Duration.ofNanos(now - node.lastReply).toMillis() + " ms");
        } else {
          node.request("PING");
        }
      }
      lock.lock();
      try {
        if (!trusted && !closed && !nodes.isEmpty() && nodes.values().stream().allMatch(Node::isUp)) {
          listener.established();
          trusted = true;
        }
      } finally {
        lock.unlock();
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "near cache health check failed; it runs again in "
          + settings.interval(), e);
    }
  }

  /** Marks the stream lost (once per trusted period); the caller holds the lock. */
  private void loseLocked(String reason) {
    losses++;
    lastLoss = reason;
    LOG.log(System.Logger.Level.DEBUG, "near cache: invalidations lost: " + reason);
    if (trusted) {
      trusted = false;
      listener.lost(reason);
    }
  }

  /** On a Cluster: tracks exactly the masters that the Cluster names now; any change is a loss. */
  private void followTopology() {
    Set<Endpoint> masters = discoverMasters();
    if (masters == null || masters.isEmpty()) {
      return; // nobody answered: the health check of each node decides
    }
    lock.lock();
    try {
      if (masters.equals(nodes.keySet())) {
        return;
      }
      boolean first = nodes.isEmpty();
      nodes.values().forEach(Node::close);
      Map<Endpoint, Node> next = new LinkedHashMap<>();
      masters.forEach(master -> next.put(master, new Node(master)));
      nodes = next;
      if (!first) {
        loseLocked("the Cluster's masters changed to " + masters);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Asks one reachable node for {@code CLUSTER NODES}: through a tracked connection, else a seed. */
  private Set<Endpoint> discoverMasters() {
    List<Node> current;
    lock.lock();
    try {
      current = new ArrayList<>(nodes.values());
    } finally {
      lock.unlock();
    }
    for (Node node : current) {
      if (node.isUp()) {
        try {
          Object reply = node.request("CLUSTER", "NODES").get(timeoutMillis, TimeUnit.MILLISECONDS);
          Set<Endpoint> masters = parseMasters(reply, node.at);
          if (masters != null) {
            return masters;
          }
        } catch (Exception e) {
          // try another node
        }
      }
    }
    for (Endpoint seed : List.copyOf(knownNodes)) {
      try (RespConnection connection = RespConnection.open(seed.host(), seed.port(), settings.ssl(),
          timeoutMillis)) {
        hello(connection);
        Set<Endpoint> masters = parseMasters(connection.call("CLUSTER", "NODES"), seed);
        if (masters != null) {
          return masters;
        }
      } catch (IOException | RuntimeException e) {
        // try the next seed
      }
    }
    return null;
  }

  /**
   * The masters that serve slots in a {@code CLUSTER NODES} reply, skipping failed ones; remembers every node as a
   * future seed.
   */
  private Set<Endpoint> parseMasters(Object reply, Endpoint askedNode) {
    String text = reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
        : reply instanceof String s ? s : null;
    if (text == null) {
      return null;
    }
    Set<Endpoint> masters = new LinkedHashSet<>();
    for (String line : text.split("\n")) {
      String[] fields = line.trim().split(" ");
      if (fields.length < 3) {
        continue;
      }
      String address = fields[1].split("[@,]")[0];
      int colon = address.lastIndexOf(':');
      if (colon < 0) {
        continue;
      }
      String host = address.substring(0, colon).isEmpty() ? askedNode.host() : address.substring(0, colon);
      Endpoint endpoint = new Endpoint(host, Integer.parseInt(address.substring(colon + 1)));
      Set<String> flags = new HashSet<>(List.of(fields[2].split(",")));
      if (endpoint.port() == 0 || flags.contains("handshake") || flags.contains("noaddr")) {
        continue;
      }
      knownNodes.add(endpoint);
      boolean servesSlots = fields.length > 8; // slot ranges follow the eighth field; a fresh node has none yet
      if (flags.contains("master") && !flags.contains("fail") && servesSlots) {
        masters.add(endpoint);
      }
    }
    return masters;
  }

  /** {@code HELLO 3}, with credentials when given; fails unless the server speaks RESP3 (Redis 6 and later). */
  private void hello(RespConnection connection) throws IOException {
    Object reply = settings.password() == null
        ? connection.call("HELLO", "3")
        : connection.call("HELLO", "3", "AUTH", settings.user() == null ? "default" : settings.user(),
            settings.password());
    if (reply instanceof RespConnection.Error error) {
      throw new IOException("HELLO 3 failed (the near cache needs Redis 6 or later): " + error.message());
    }
  }

  // ---- one tracked master ---------------------------------------------------------------------------------------

  /** The tracking connection to one master, and the thread that reads it. */
  private final class Node {

    final Endpoint at;
    volatile RespConnection connection;
    volatile long lastReply;
    private final Deque<CompletableFuture<Object>> pending = new ConcurrentLinkedDeque<>();
    private final ReentrantLock sending = new ReentrantLock();

    Node(Endpoint at) {
      this.at = at;
    }

    boolean isUp() {
      return connection != null;
    }

    /** Opens the connection and turns tracking on; on failure the node stays down until the next check. */
    void connect() {
      RespConnection opened = null;
      try {
        opened = RespConnection.open(at.host(), at.port(), settings.ssl(), timeoutMillis);
        hello(opened);
        if (settings.clientName() != null) {
          opened.call("CLIENT", "SETNAME", settings.clientName());
        }
        Object reply = opened.call("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", prefix);
        if (reply instanceof RespConnection.Error error) {
          throw new IOException("CLIENT TRACKING failed: " + error.message());
        }
        opened.readForever();
      } catch (IOException | RuntimeException e) {
        if (opened != null) {
          opened.close();
        }
        LOG.log(System.Logger.Level.DEBUG, "near cache: cannot track " + at + " yet: " + e);
        return;
      }
      RespConnection established = opened;
      lock.lock();
      try {
        if (closed || nodes.get(at) != this) {
          established.close();
          return;
        }
        lastReply = System.nanoTime();
        connection = established;
      } finally {
        lock.unlock();
      }
      Thread reader = new Thread(() -> read(established), "cachelab-near-cache-invalidations " + at);
      reader.setDaemon(true);
      reader.start();
    }

    /** Sends a command whose reply the reader hands to the returned future. */
    CompletableFuture<Object> request(Object... args) {
      CompletableFuture<Object> reply = new CompletableFuture<>();
      RespConnection current = connection;
      if (current == null) {
        reply.completeExceptionally(new IOException(at + " is not connected"));
        return reply;
      }
      sending.lock();
      try {
        pending.add(reply);
        current.send(args);
      } catch (IOException e) {
        down(current, "cannot send to " + at + ": " + e.getMessage());
      } finally {
        sending.unlock();
      }
      return reply;
    }

    private void read(RespConnection source) {
      try {
        while (true) {
          Object frame = source.read();
          lastReply = System.nanoTime();
          if (frame instanceof RespConnection.Push push) {
            deliver(push);
          } else {
            CompletableFuture<Object> reply = pending.poll();
            if (reply != null) {
              reply.complete(frame);
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        down(source, "the invalidation connection to " + at + " broke: " + e.getMessage());
      }
    }

    private void deliver(RespConnection.Push push) {
      if (!"invalidate".equals(push.kind()) || push.parts().size() < 2) {
        return;
      }
      Object keys = push.parts().get(1);
      if (keys == null) {
        listener.flushed();
        return;
      }
      for (Object key : (List<?>) keys) {
        if (key instanceof byte[] redisKey) {
          listener.invalidated(redisKey);
        }
      }
    }

    /** Closes {@code which} if it is still this node's connection, and loses the stream. */
    void down(RespConnection which, String reason) {
      lock.lock();
      try {
        if (which == null || connection != which) {
          return;
        }
        connection = null;
        which.close();
        failPending();
        if (!closed) {
          loseLocked(reason);
        }
      } finally {
        lock.unlock();
      }
    }

    void close() {
      RespConnection current = connection;
      connection = null;
      if (current != null) {
        current.close();
      }
      failPending();
    }

    private void failPending() {
      CompletableFuture<Object> reply;
      while ((reply = pending.poll()) != null) {
        reply.completeExceptionally(new IOException("the connection to " + at + " closed"));
      }
    }
  }

  /** Stops the health check and closes every connection. Idempotent. */
  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
    lock.lock();
    try {
      nodes.values().forEach(Node::close);
      trusted = false;
    } finally {
      lock.unlock();
    }
  }
}
