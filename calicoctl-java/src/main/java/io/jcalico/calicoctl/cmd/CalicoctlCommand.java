package io.jcalico.calicoctl.cmd;

import io.jcalico.datastore.store.ResourceStore;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every subcommand shares: its output streams and calicoctl's way of failing. */
public abstract class CalicoctlCommand {
  @Spec CommandSpec spec;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** An error as calicoctl's main prints it (the message and a newline on standard error); exit status 1. */
  int fail(String message) {
    err().println(message);
    return 1;
  }

  /** A call that does not fit the command's usage: calicoctl's "Invalid option" message. */
  int usageError() {
    return fail(Invalid.message(spec.commandLine().getParseResult().originalArgs(), spec));
  }

  /**
   * The store, or null after printing calicoctl's "Failed to create Calico API client" (on
   * standard output, as calicoctl prints it) when the configuration is unusable.
   */
  ResourceStore openStore(DatastoreOptions datastore) {
    try {
      return datastore.open();
    } catch (RuntimeException e) {
      out().println("Failed to create Calico API client: " + e.getMessage());
      return null;
    }
  }
}
