package io.jcalico.felix.shim;

/** A kernel tool exited non-zero (or could not be started); carries what it printed. */
public final class CommandException extends RuntimeException {
  private final transient CommandRunner.Output output;

  public CommandException(CommandRunner.Output output) {
    super(String.join(" ", output.argv()) + " exited " + output.exitCode() + ": " + firstLines(output.stderr()));
    this.output = output;
  }

  public CommandRunner.Output output() {
    return output;
  }

  private static String firstLines(String s) {
    String t = s.strip();
    return t.length() > 2000 ? t.substring(0, 2000) + "..." : t;
  }
}
