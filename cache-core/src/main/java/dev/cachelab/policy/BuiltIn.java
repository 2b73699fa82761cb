package dev.cachelab.policy;

/** The parameterless policies, one constant each; {@link EvictionPolicy}'s factories return these. */
enum BuiltIn implements EvictionPolicy {
  LRU("lru") {
    @Override
    public <K> PolicyState<K> newState(long capacity) {
      return new Lru<>();
    }
  },
  FIFO("fifo") {
    @Override
    public <K> PolicyState<K> newState(long capacity) {
      return new Fifo<>();
    }
  },
  CLOCK("clock") {
    @Override
    public <K> PolicyState<K> newState(long capacity) {
      return new Clock<>();
    }
  },
  SIEVE("sieve") {
    @Override
    public <K> PolicyState<K> newState(long capacity) {
      return new Sieve<>();
    }
  },
  LFU("lfu") {
    @Override
    public <K> PolicyState<K> newState(long capacity) {
      return new Lfu<>();
    }
  },
  S3_FIFO("s3Fifo") {
    @Override
    public <K> PolicyState<K> newState(long capacity) {
      return new S3Fifo<>(capacity);
    }
  },
  W_TINY_LFU("wTinyLfu") {
    @Override
    public <K> PolicyState<K> newState(long capacity) {
      return new WTinyLfu<>(capacity);
    }
  };

  /** The name of the {@link EvictionPolicy} factory that returns this constant. */
  private final String factory;

  BuiltIn(String factory) {
    this.factory = factory;
  }

  @Override
  public String toString() {
    return factory + "()";
  }
}
