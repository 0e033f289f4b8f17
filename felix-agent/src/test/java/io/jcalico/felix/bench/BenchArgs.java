package io.jcalico.felix.bench;

import java.util.List;

/** {@code --name value} command-line options of the benchmarks, with defaults. */
final class BenchArgs {
  private final List<String> args;

  BenchArgs(String[] args) {
    this.args = List.of(args);
  }

  String string(String name, String dflt) {
    int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : dflt;
  }

  int integer(String name, int dflt) {
    return Integer.parseInt(string(name, Integer.toString(dflt)));
  }

  boolean flag(String name) {
    return args.contains(name);
  }
}
