using Leasehold.Chaos.Checking;
using Leasehold.Chaos.Nemesis;
using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Tests;

public sealed class VerdictViewTests
{
    [Fact]
    public void The_summary_lists_the_kinds_asked_for_against_the_kinds_injected_and_names_the_missing_ones()
    {
        var result = ResultWith([FaultKind.Kill, FaultKind.Partition, FaultKind.Delay], "kill", "stop", "isolate", "restart");

        var text = Render(result);

        Assert.Contains("Kinds asked for against kinds injected: kill 2, partition 1, delay 0.", text);
        Assert.Contains("Never injected: delay", text);
        Assert.Equal([FaultKind.Delay], result.KindsNotInjected);
    }

    [Fact]
    public void A_run_that_injected_every_kind_asked_for_names_none_missing()
    {
        var result = ResultWith([FaultKind.Pause, FaultKind.Skew], "skew", "pause");

        Assert.DoesNotContain("Never injected", Render(result));
        Assert.Empty(result.KindsNotInjected);
    }

    [Fact]
    public void Output_that_is_not_a_terminal_has_no_escape_codes_and_does_not_wrap_at_80_columns()
    {
        var result = ResultWith([FaultKind.Kill, FaultKind.Pause, FaultKind.Partition, FaultKind.Delay, FaultKind.Skew], "kill");

        var text = Render(result);

        Assert.DoesNotContain('\u001b', text);
        // The faults line is longer than 80 characters; unwrapped, it stays one line.
        Assert.Contains(text.Split('\n'), line => line.StartsWith("Faults injected: 1 (kill 1)", StringComparison.Ordinal) && line.Length > 80);
    }

    private static string Render(ChaosResult result)
    {
        using var output = new StringWriter();
        VerdictView.Write(TerminalConsole.Create(output, terminal: false, noColor: false), result, "/tmp/history.json");
        return output.ToString();
    }

    private static ChaosResult ResultWith(FaultKind[] asked, params string[] injected)
    {
        var faults = injected.Select((kind, i) => new FaultEvent(i + 1, kind, $"{kind} of node 1", i * 1000, i * 1000 + 500)).ToList();
        var options = new ChaosOptions { Seed = 1, Nemesis = new NemesisOptions { Faults = asked } };
        return new ChaosResult(options, [], faults, faults.Count(f => f.Kind != "restart"), faults.Count(f => f.Kind == "restart"), Recovered: true,
            TimeSpan.FromSeconds(60), new CheckReport([]));
    }
}
