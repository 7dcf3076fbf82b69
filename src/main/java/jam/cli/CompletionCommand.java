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
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    header = "Print a shell completion script for bash or zsh.",
    description = {
      "The script completes every command, option and sound name. The same scripts are in the project's completions/ folder. The zsh script is the bash one run through zsh's bashcompinit: put it in a folder of $fpath as _jam, or source it after compinit."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  jam completion zsh > ~/.zfunc/_jam",
      "                                  zsh, with this line in ~/.zshrc",
      "                                  before compinit: fpath+=(~/.zfunc)",
      "  source <(jam completion bash)   bash, this shell only",
      "  d=~/.local/share/bash-completion/completions",
      "  mkdir -p $d && jam completion bash > $d/jam",
      "                                  bash, for good"
    })
final class CompletionCommand implements Callable<Integer> {
  enum Shell {
    bash,
    zsh
  }

  /**
   * picocli's script serves zsh through bashcompinit, which it loads itself under zsh. Sourced, it
   * works as is. Autoloaded from $fpath, the whole file is parsed before it runs, so its {@code
   * alias compopt=complete} comes too late (hence a no-op compopt function: zsh has no compopt),
   * and the first Tab would only define the functions (hence the tail, which completes that Tab
   * too).
   */
  private static final String ZSH_HEAD =
      """
      #compdef jam
      # jam completion for zsh: the bash completion below, run through zsh's bashcompinit.
      # Put this file in a folder of $fpath as _jam (before compinit runs), or source it after compinit.
      (( $+functions[compopt] )) || compopt() { :; }
      """;

  private static final String ZSH_TAIL =
      """

      # Autoloaded by compinit for the first Tab: complete that Tab too, not only define the functions.
      if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then
        _bash_complete -o default -F _complete_jam
      fi
      """;

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SHELL",
      description = "bash or zsh (default: ${DEFAULT-VALUE}).",
      defaultValue = "bash")
  Shell shell;

  @Override
  public Integer call() {
    String script = AutoComplete.bash("jam", spec.root().commandLine());
    if (shell == Shell.zsh) {
      script = ZSH_HEAD + script + ZSH_TAIL;
    }
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
