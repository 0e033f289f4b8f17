package io.jcalico.calicoctl.cmd;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "completion", mixinStandardHelpOptions = true,
    description = "Print a shell completion script for calicoctl (commands, options and resource types).",
    footer = {"%nExamples:", "  # Complete calicoctl in this bash session", "  source <(calicoctl completion bash)", "",
        "  # zsh (with bashcompinit)", "  autoload -U bashcompinit && bashcompinit && source <(calicoctl completion zsh)"})
public final class CompletionCommand extends CalicoctlCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "<SHELL>", description = "bash or zsh.", completionCandidates = Shells.class)
  String shell;

  static final class Shells implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.List.of("bash", "zsh").iterator();
    }
  }

  @Override
  public Integer call() {
    if (!shell.equals("bash") && !shell.equals("zsh")) return fail("unsupported shell type \"" + shell + "\": use bash or zsh");
    out().print(AutoComplete.bash("calicoctl", spec.root().commandLine()));
    return 0;
  }
}
