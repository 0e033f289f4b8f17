package io.jcalico.calicoctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --help on every command, and a completion script that bash really completes with. */
class HelpAndCompletionTest {
  static final List<String> COMMANDS = List.of("create", "replace", "apply", "patch", "delete", "get", "label", "node", "node status",
      "version", "completion");

  @TempDir Path dir;

  @Test
  void everyCommandHasHelp() throws IOException {
    CalicoctlHarness ctl = new CalicoctlHarness(dir, "http://127.0.0.1:1");
    Transcript t = new Transcript(ctl);
    t.runRaw("--help", "--help");
    for (String c : COMMANDS) {
      String[] words = c.split(" ");
      CalicoctlHarness.Run r = t.runRaw(c + " --help", append(words, "--help"));
      assertThat(r.exit()).isZero();
      assertThat(r.out()).startsWith("Usage: calicoctl " + c);
      CalicoctlHarness.Run h = ctl.runRaw(append(words, "-h"));
      assertThat(h.out()).isEqualTo(r.out());
    }
    t.assertMatchesGolden("help");
  }

  private static String[] append(String[] words, String last) {
    String[] out = java.util.Arrays.copyOf(words, words.length + 1);
    out[words.length] = last;
    return out;
  }

  @Test
  void bashCompletesCommandsKindsAndOptions() throws Exception {
    CalicoctlHarness ctl = new CalicoctlHarness(dir, "http://127.0.0.1:1");
    CalicoctlHarness.Run script = ctl.runRaw("completion", "bash");
    assertThat(script.exit()).isZero();
    Path file = dir.resolve("calicoctl.bash");
    Files.writeString(file, script.out());
    assertThat(complete(file, "calicoctl ge")).containsExactly("get");
    assertThat(complete(file, "calicoctl get bgpp")).containsExactly("bgppeers");
    assertThat(complete(file, "calicoctl delete glob")).containsExactly("globalnetworkpolicies");
    assertThat(complete(file, "calicoctl get ippools --all-")).containsExactly("--all-namespaces");
    assertThat(complete(file, "calicoctl completion ")).containsExactly("bash", "zsh");
    assertThat(complete(file, "calicoctl node st")).containsExactly("status");
    assertThat(ctl.runRaw("completion", "fish").err()).isEqualTo("unsupported shell type \"fish\": use bash or zsh\n");
  }

  /** What bash offers after sourcing the script, for a command line ending where the cursor is. */
  private List<String> complete(Path script, String line) throws Exception {
    String words = line.endsWith(" ") ? line + "''" : line;
    String probe = "source " + script + "\n"
        + "COMP_WORDS=(" + words + ")\n"
        + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
        + "COMP_LINE='" + line + "'\nCOMP_POINT=${#COMP_LINE}\n"
        + "_complete_calicoctl calicoctl\n"
        + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
    Process p = new ProcessBuilder("bash", "-c", probe).redirectError(ProcessBuilder.Redirect.DISCARD).start(); // compopt complains outside a real completion
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return out.lines().map(String::trim).filter(s -> !s.isEmpty()).sorted().toList();
  }
}
