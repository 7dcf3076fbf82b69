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
      "The script completes every command, option and sound name, and the stored tracks' names for jam play and jam rm. The same scripts are in the project's completions/ folder. The zsh script is the bash one run through zsh's bashcompinit: put it in a folder of $fpath as _jam, or source it after compinit."
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

  /**
   * Asks jam for the stored tracks' names (ids where a name would not do: {@code jam tracks
   * --names}), with the {@code --store} typed on the line, for the arguments of play and rm.
   */
  private static final String TRACK_NAMES =
      """
      # The stored tracks, as jam play and jam rm take them (--store as typed on the line).
      function _jam_track_names() {
        local store=() i
        for ((i = 1; i < COMP_CWORD; i++)); do
          [[ ${COMP_WORDS[i]} == --store ]] && store=(--store "${COMP_WORDS[i+1]}")
        done
        "${COMP_WORDS[0]}" tracks --names "${store[@]}" 2>/dev/null
      }

      """;

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SHELL",
      description = "bash or zsh (default: ${DEFAULT-VALUE}).",
      defaultValue = "bash")
  Shell shell;

  /**
   * picocli's script, where the positional arguments of {@code play} (also files) and {@code rm}
   * are the stored tracks' names.
   */
  static String withTrackNames(String script) {
    int first = script.indexOf("\nfunction _picocli_");
    if (first < 0) {
      throw new IllegalStateException("picocli's script has no functions");
    }
    String out = script.substring(0, first + 1) + TRACK_NAMES + script.substring(first + 1);
    out =
        inFunction(
            out,
            "_picocli_jam_play",
            "    local positionals=\"\"\n",
            "    local positionals=$(_jam_track_names)\n");
    out =
        inFunction(
            out,
            "_picocli_jam_play",
            "${positionals}\" -- \"${curr_word}\") )\n",
            "${positionals}\" -- \"${curr_word}\") )\n"
                + "    type compopt &>/dev/null && compopt -o filenames\n"
                + "    COMPREPLY+=( $( compgen -f -- \"${curr_word}\" ) ) # and files\n");
    return inFunction(
        out,
        "_picocli_jam_rm",
        "    local positionals=\"\"\n",
        "    local positionals=$(_jam_track_names)\n");
  }

  /** {@code script} with {@code from} replaced by {@code to} once, in the function {@code name}. */
  private static String inFunction(String script, String name, String from, String to) {
    int start = script.indexOf("function " + name + "() {");
    int end = start < 0 ? -1 : script.indexOf("\n}\n", start);
    int at = start < 0 ? -1 : script.indexOf(from, start);
    if (at < 0 || at > end) {
      throw new IllegalStateException(name + " in picocli's script has no " + from.strip());
    }
    return script.substring(0, at) + to + script.substring(at + from.length());
  }

  @Override
  public Integer call() {
    String script = withTrackNames(AutoComplete.bash("jam", spec.root().commandLine()));
    if (shell == Shell.zsh) {
      script = ZSH_HEAD + script + ZSH_TAIL;
    }
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
