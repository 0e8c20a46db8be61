using System.Globalization;
using Leasehold.Testing;
using Xunit.Abstractions;

namespace Leasehold.Readme.Tests;

/// <summary>
/// Replays the README's walkthroughs, taken from README.md itself at test time, against real services, and compares
/// what they print with the <c># -> </c> lines the README shows. One walkthrough at a time: they share the README's
/// ports on 127.0.0.1 (no other test uses that address's ports; the cluster and chaos tests take other loopback addresses).
/// </summary>
public sealed class ReadmeWalkthroughTests(ITestOutputHelper output)
{
    /// <summary>The walkthroughs the README must keep marked: a marker removed by mistake fails here, not silently.</summary>
    private static readonly string[] Required = ["fencing", "trace", "cli", "cluster", "headless", "faults", "postgres", "secure"];

    /// <summary>The walkthrough that needs a PostgreSQL server, run by its own test.</summary>
    private const string OnPostgres = "postgres";

    public static TheoryData<string> Names => new(Readme.Walkthroughs.Select(w => w.Name).Where(name => name != OnPostgres));

    [Fact]
    public void The_README_marks_the_walkthroughs_that_are_replayed_and_each_shows_what_it_prints()
    {
        var walkthroughs = Readme.Walkthroughs;

        Assert.Superset(Required.ToHashSet(), walkthroughs.Select(w => w.Name).ToHashSet());
        Assert.All(walkthroughs, w => Assert.NotEmpty(w.Expectations));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public Task The_walkthrough_prints_what_the_README_shows(string name) => ReplayAsync(Readme.Named(name));

    /// <summary>
    /// On the server the tests were given (LEASEHOLD_TEST_POSTGRES), which stands in for the one eng/start-postgres.sh
    /// would start: the script is not run again, so that no apt-get or sudo is needed here.
    /// </summary>
    [PostgresFact]
    public Task The_PostgreSQL_walkthrough_prints_what_the_README_shows()
    {
        var walkthrough = Readme.Named(OnPostgres);
        const string Start = "eval \"$(bash eng/start-postgres.sh)\"";
        Assert.Contains(Start, walkthrough.Script, StringComparison.Ordinal);
        return ReplayAsync(walkthrough with { Script = walkthrough.Script.Replace(Start, ": " + Start, StringComparison.Ordinal) });
    }

    private async Task ReplayAsync(Walkthrough walkthrough)
    {
        var name = walkthrough.Name;
        var busy = WalkthroughRun.Busy(WalkthroughRun.PortsOf(walkthrough.Script));
        Assert.True(busy.Count == 0,
            $"The README's '{name}' walkthrough listens on 127.0.0.1 port(s) {string.Join(", ", busy)}, which something " +
            "on this machine already uses (a Leasehold started by hand?). Stop it and run the test again.");

        var result = await WalkthroughRun.RunAsync(walkthrough);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"'{name}' ran {result.Elapsed.TotalSeconds:0.0} s, exit {result.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none (killed)"}."));
        var mismatch = Expectation.FindInOrder(walkthrough.Expectations, result.Output);
        var problem =
            result.ExitCode is null ? $"it did not end within {WalkthroughRun.Timeout.TotalMinutes:0} minutes (its processes were killed)"
            : result.LeftRunning.Count > 0 ? $"it left processes running (killed now): {string.Join("; ", result.LeftRunning)}"
            : mismatch is not null ? mismatch
            : result.ExitCode != 0 ? $"its last command failed (exit {result.ExitCode})"
            : null;

        Assert.True(problem is null,
            $"The README's '{name}' walkthrough does not do what the README shows: {problem}\n" +
            $"--- what it printed:\n{string.Join('\n', result.Output)}\n{result.Logs}");
    }
}
