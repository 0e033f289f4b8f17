package io.jcalico.calicoctl.cmd;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** calicoctl's reply to arguments its usage does not allow. */
public final class Invalid {
  private Invalid() {}

  /** "Invalid option: 'calicoctl get --bad'. Use flag '--help' ...", naming the subcommand's own arguments. */
  public static String message(List<String> args, CommandSpec command) {
    List<String> words = new ArrayList<>();
    for (CommandSpec c = command; c != null && c.parent() != null; c = c.parent()) words.add(0, c.name());
    List<String> tail = new ArrayList<>(args);
    // the subcommand's own arguments start after its name
    int at = words.isEmpty() ? -1 : tail.indexOf(words.get(words.size() - 1));
    List<String> shown = new ArrayList<>(words);
    if (at >= 0) shown.addAll(tail.subList(at + 1, tail.size()));
    return "Invalid option: 'calicoctl " + String.join(" ", shown) + "'. Use flag '--help' to read about a specific subcommand.";
  }
}
