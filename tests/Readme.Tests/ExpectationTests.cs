namespace Leasehold.Readme.Tests;

/// <summary>The matching rule of the README's <c># -> </c> lines, shown able to fail: a changed fence, a wrong status line, a wrong order.</summary>
public sealed class ExpectationTests
{
    private const string Sample = """
        Some prose.

        <!-- replay: story -->
        ```bash
        curl -s http://127.0.0.1:5080/a
        # -> {"key":"report.txt","version":1,"fence":2}
        curl -s -i http://127.0.0.1:5080/b
        # -> HTTP/1.1 409 Conflict
        # -> {"type":"urn:leasehold:problem:stale-fencing-token",...,"fence":1,"highestFence":2,...}
        ```

        ```bash
        echo not replayed    # -> never checked
        ```

        <!-- replay: story -->

        ```bash
        leasehold object get x; echo    # -> built under fence 2
        ```
        """;

    private static readonly string[] Printed =
    [
        """{"key":"report.txt","version":1,"fence":2}""",
        "HTTP/1.1 409 Conflict\r",
        "Content-Type: application/problem+json\r",
        "",
        """{"type":"urn:leasehold:problem:stale-fencing-token","title":"t","status":409,"fence":1,"highestFence":2,"traceId":"00-1"}""",
        "built under fence 2   ",
    ];

    [Fact]
    public void Marked_blocks_of_one_name_make_one_walkthrough_and_unmarked_blocks_are_left_out()
    {
        var walkthrough = Assert.Single(Walkthrough.Parse(Sample));

        Assert.Equal("story", walkthrough.Name);
        Assert.DoesNotContain("not replayed", walkthrough.Script, StringComparison.Ordinal);
        Assert.Contains("leasehold object get x", walkthrough.Script, StringComparison.Ordinal);
        Assert.Equal(
            ["""{"key":"report.txt","version":1,"fence":2}""", "HTTP/1.1 409 Conflict",
             """{"type":"urn:leasehold:problem:stale-fencing-token",...,"fence":1,"highestFence":2,...}""", "built under fence 2"],
            walkthrough.Expectations.Select(e => e.Text));
        Assert.Equal([6, 8, 9, 19], walkthrough.Expectations.Select(e => e.ReadmeLine));
    }

    [Fact]
    public void What_the_README_shows_matches_line_by_line_in_order_with_lines_between_and_dots_for_any_text()
    {
        var walkthrough = Assert.Single(Walkthrough.Parse(Sample));

        Assert.Null(Expectation.FindInOrder(walkthrough.Expectations, Printed));
    }

    [Theory]
    [InlineData("""{"key":"report.txt","version":1,"fence":2}""", """{"key":"report.txt","version":1,"fence":3}""")]
    [InlineData("HTTP/1.1 409 Conflict\r", "HTTP/1.1 200 OK\r")]
    [InlineData("""{"type":"urn:leasehold:problem:stale-fencing-token","title":"t","status":409,"fence":1,"highestFence":2,"traceId":"00-1"}""",
                """{"type":"urn:leasehold:problem:stale-fencing-token","title":"t","status":409,"fence":3,"highestFence":4,"traceId":"00-1"}""")]
    [InlineData("built under fence 2   ", "built under fence 2resource  demo")]
    public void A_changed_line_fails(string shown, string printedInstead)
    {
        var walkthrough = Assert.Single(Walkthrough.Parse(Sample));
        var printed = Printed.Select(line => line == shown ? printedInstead : line).ToList();

        Assert.NotNull(Expectation.FindInOrder(walkthrough.Expectations, printed));
    }

    [Fact]
    public void Lines_printed_in_another_order_fail()
    {
        var walkthrough = Assert.Single(Walkthrough.Parse(Sample));

        Assert.NotNull(Expectation.FindInOrder(walkthrough.Expectations, [.. Printed.Reverse()]));
    }

    [Fact]
    public void The_READMEs_fencing_story_fails_on_a_database_that_already_saw_leases()
    {
        var story = Readme.Named("fencing");
        // What the story prints on a fresh database, as the README shows it (any text where it shows "...") ...
        var fresh = story.Expectations.Select(e => e.Text.Replace("...", "x", StringComparison.Ordinal)).ToList();
        // ... and on one whose "report" lease was granted twice before.
        var reused = fresh.Select(line => line.Replace("\"fence\":2", "\"fence\":4", StringComparison.Ordinal)
            .Replace("\"fence\":1", "\"fence\":3", StringComparison.Ordinal)).ToList();

        Assert.Null(Expectation.FindInOrder(story.Expectations, fresh));
        Assert.NotNull(Expectation.FindInOrder(story.Expectations, reused));
    }

    [Fact]
    public void Substitutions_run_what_dotnet_test_built_and_find_the_ports_to_check()
    {
        const string Script = """
            dotnet build src/Api && dotnet build src/Silo
            dotnet run --project src/Api -- --urls http://127.0.0.1:5081 --Cluster:SiloPort=11112 &
            dotnet src/Api/bin/Debug/net10.0/Leasehold.Api.dll
            """;

        var prepared = WalkthroughRun.Prepare(Script);

        Assert.Contains(": dotnet build src/Api && : dotnet build src/Silo", prepared, StringComparison.Ordinal);
        Assert.Contains($"dotnet run --no-build -c {WalkthroughRun.Configuration} --project src/Api", prepared, StringComparison.Ordinal);
        Assert.Contains($"src/Api/bin/{WalkthroughRun.Configuration}/net10.0", prepared, StringComparison.Ordinal);
        Assert.Equal([5080, 5081, 11111, 11112], WalkthroughRun.PortsOf(Script));
    }
}
