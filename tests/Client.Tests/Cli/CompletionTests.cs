using Leasehold.Cli;

namespace Leasehold.Client.Tests.Cli;

/// <summary>Tab completion: the <c>[suggest:position]</c> directive the completion scripts call answers with what fits at the cursor.</summary>
public sealed class CompletionTests
{
    [Fact]
    public async Task Completing_le_suggests_the_lease_group_first_and_as_the_only_word_it_begins()
    {
        var suggestions = await SuggestAsync("leasehold le");

        // The directive lists words that begin with the typed text first, then words that contain it ("completion");
        // the shell scripts keep the first kind (bash: compgen, zsh: compadd), as ToolPackageTests shows for bash.
        Assert.Equal("lease", suggestions[0]);
        Assert.Equal(["lease"], suggestions.Where(s => s.StartsWith("le", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Completing_after_lease_suggests_its_five_commands()
    {
        var suggestions = await SuggestAsync("leasehold lease ");

        Assert.Equal(["acquire", "get", "list", "release", "renew"], suggestions.Where(s => !s.StartsWith('-') && !s.StartsWith('/')).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Completing_an_option_value_suggests_its_choices()
    {
        var suggestions = await SuggestAsync("leasehold cluster status --output ");

        Assert.Equal(["json", "table"], suggestions);
    }

    [Theory]
    [InlineData("bash", "complete -o default -F _leasehold_complete leasehold")]
    [InlineData("zsh", "compdef _leasehold_complete leasehold")]
    public async Task Completion_prints_a_script_that_calls_the_suggest_directive(string shell, string registration)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await LeaseholdCli.RunAsync(["completion", shell], output, error);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("[suggest:", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(registration, output.ToString(), StringComparison.Ordinal);
        Assert.Empty(error.ToString());
    }

    [Fact]
    public async Task Completion_for_an_unknown_shell_is_bad_input()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await LeaseholdCli.RunAsync(["completion", "fish"], output, error);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(output.ToString());
    }

    /// <summary>What the shell scripts do: the whole line as typed, the cursor at its end.</summary>
    private static async Task<string[]> SuggestAsync(string line)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await LeaseholdCli.RunAsync([$"[suggest:{line.Length}]", line], output, error);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(error.ToString());
        return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
