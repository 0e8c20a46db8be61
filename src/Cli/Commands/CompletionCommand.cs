using System.CommandLine;

namespace Leasehold.Cli.Commands;

/// <summary>
/// <c>leasehold completion bash|zsh</c>: prints a shell function that asks the command line itself what fits where the
/// cursor is, through System.CommandLine's <c>[suggest:position]</c> directive (the protocol dotnet-suggest uses), so the
/// completions are always the ones of the installed version, with no other tool to install.
/// </summary>
internal static class CompletionCommand
{
    /// <summary>bash: <c>source &lt;(leasehold completion bash)</c> in <c>~/.bashrc</c>.</summary>
    internal const string Bash = """
        # leasehold tab completion for bash; load it with: source <(leasehold completion bash)
        _leasehold_complete() {
            local IFS=$'\n'
            # The directive also offers words that merely contain the typed text; bash completes by prefix.
            COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _leasehold_complete leasehold

        """;

    /// <summary>zsh: <c>source &lt;(leasehold completion zsh)</c> in <c>~/.zshrc</c>, after <c>compinit</c>.</summary>
    internal const string Zsh = """
        # leasehold tab completion for zsh; load it with: source <(leasehold completion zsh), after compinit
        _leasehold_complete() {
            local -a completions
            completions=("${(@f)$("${words[1]}" "[suggest:${#${BUFFER[1,CURSOR]}}]" "${BUFFER}" 2>/dev/null)}")
            compadd -- "${completions[@]}"
        }
        compdef _leasehold_complete leasehold

        """;

    public static Command Create(CliContext context)
    {
        var shell = new Argument<string>("shell") { Description = "bash or zsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "Print the tab-completion script for bash or zsh: source <(leasehold completion bash)") { shell };
        command.SetAction(async (parse, ct) =>
        {
            await context.Host.Out.WriteAsync((parse.GetValue(shell) == "zsh" ? Zsh : Bash).AsMemory(), ct).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
