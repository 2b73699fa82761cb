package dev.cachelab.policy;

/** The parameterless policies, one constant each; {@link EvictionPolicy}'s factories return these. */
enum BuiltIn implements EvictionPolicy {
  LRU {
    @Override
    public <K> PolicyState<K> newState(long capacity) {
      return new Lru<>();
    }
  },
  FIFO {
    @Override
    public <K> PolicyState<K> newState(long capacity) {
      return new Fifo<>();
    }
  },
  CLOCK {
    @Override
    public <K> PolicyState<K> newState(long capacity) {
      return new Clock<>();
    }
  },
  SIEVE {
    @Override
    public <K> PolicyState<K> newState(long capacity) {
      return new Sieve<>();
    }
  },
  LFU {
    @Override
    public <K> PolicyState<K> newState(long capacity) {
      return new Lfu<>();
    }
  };

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT) + "()";
  }
}
