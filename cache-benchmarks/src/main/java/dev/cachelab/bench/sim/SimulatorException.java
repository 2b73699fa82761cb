package dev.cachelab.bench.sim;

/**
 * A failure the simulator reports as one line on stderr and a non-zero exit status: a bad command line (status 2) or
 * a trace that cannot be read (status 1). The message is the whole line, written for the person who typed the
 * command.
 */
final class SimulatorException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Exit status for a command line that cannot be run as typed. */
  static final int USAGE = 2;

  /** Exit status for input that cannot be read, such as a missing or truncated trace. */
  static final int INPUT = 1;

  private final int exitStatus;

  private SimulatorException(String message, int exitStatus, Throwable cause) {
    super(message, cause);
    this.exitStatus = exitStatus;
  }

  /** A command-line mistake: unknown option, format or policy, a size that is not positive. */
  static SimulatorException usage(String message) {
    return new SimulatorException(message, USAGE, null);
  }

  /** A trace that cannot be read. */
  static SimulatorException input(String message) {
    return new SimulatorException(message, INPUT, null);
  }

  /** A trace that cannot be read, with the I/O failure that says why. */
  static SimulatorException input(String message, Throwable cause) {
    return new SimulatorException(message, INPUT, cause);
  }

  int exitStatus() {
    return exitStatus;
  }
}
