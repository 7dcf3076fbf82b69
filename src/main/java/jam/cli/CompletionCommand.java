package jam.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints the shell completion script, generated from the command model. */
@Command(
    name = "completion",
    description = {
      "Print a completion script for bash or zsh.",
      "The same scripts are in the project's completions/ folder."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  source <(jam completion bash)                  bash, this shell only",
      "  jam completion zsh > \"${fpath[1]}/_jam\"        zsh, for good"
    })
final class CompletionCommand implements Callable<Integer> {
  enum Shell {
    bash,
    zsh
  }

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.", defaultValue = "bash")
  Shell shell;

  @Override
  public Integer call() {
    String script = AutoComplete.bash("jam", spec.root().commandLine());
    if (shell == Shell.zsh) {
      // picocli's script serves zsh through bashcompinit; it loads that itself under zsh.
      script = "#compdef jam\n# jam completion for zsh (a bash completion run through bashcompinit)\n" + script;
    }
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
