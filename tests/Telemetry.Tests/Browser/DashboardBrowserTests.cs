using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Leasehold.Testing;
using Leasehold.NodeCluster;

namespace Leasehold.Telemetry.Tests.Browser;

public sealed partial class DashboardBrowserTests
{
    // Every silo row of the dashboard's table, as [address, generation, status] — what a person reads off the page.
    private const string SiloRows =
        "JSON.stringify([...document.querySelectorAll('#silos tbody tr')].map(r => [r.dataset.silo, r.dataset.generation, r.querySelector('.status')?.textContent]))";

    private const string LeaseRows =
        "JSON.stringify([...document.querySelectorAll('#leases tbody tr')].map(r => [...r.cells].map(c => c.textContent)))";

    [ChromiumFact]
    public async Task The_dashboard_shows_both_silos_then_the_killed_one_as_dead()
    {
        await using var cluster = await new TestClusterBuilder(2).BuildAndStartAsync();
        var (watched, victim) = (cluster.Silos[0], cluster.Silos[1]);
        var resource = await Placement.LeaseOnAsync(cluster, watched, "dashboard");
        var (lease, _) = await Http.AcquireAsync(watched.Http, resource, "browser-test");
        await using var browser = await Chromium.StartAsync(TimeSpan.FromSeconds(30));

        await browser.NavigateAsync(watched.Http.BaseAddress!);

        string[][] rows = [];
        await Eventually.True(async () =>
        {
            rows = await ReadAsync(browser, SiloRows);
            return StatusOf(rows, watched) == "Active" && StatusOf(rows, victim) == "Active";
        }, TimeSpan.FromSeconds(30), () => $"both silos Active on the page; it shows {Show(rows)}");

        // The lease it holds is on the page too, with its holder and fence.
        string[][] leases = [];
        await Eventually.True(async () =>
        {
            leases = await ReadAsync(browser, LeaseRows);
            return leases.Any(l => l[0] == resource && l[1] == "browser-test" && l[2] == lease.Fence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }, TimeSpan.FromSeconds(10), () => $"the lease on {resource} on the page; it shows {Show(leases)}");

        await cluster.KillSiloAsync(victim);

        await Eventually.True(async () =>
        {
            rows = await ReadAsync(browser, SiloRows);
            return StatusOf(rows, victim) == "Dead";
        }, TimeSpan.FromSeconds(30), () => $"the killed silo {victim.Address} shown Dead; the page shows {Show(rows)}");
        Assert.Equal("Active", StatusOf(rows, watched));
    }

    // Every row of the faults table, as [silo, answered, faults].
    private const string FaultRows =
        "JSON.stringify([...document.querySelectorAll('#faults tbody tr')].map(r => [r.dataset.silo, r.dataset.answered, r.cells[3].textContent]))";

    [ChromiumFact]
    public async Task The_dashboard_lists_the_leases_of_every_silo_with_their_silo_and_a_fault_injected_through_the_api()
    {
        const string adminKey = "dashboard-admin-key-0123456789";
        await using var cluster = await new TestClusterBuilder(2).WithSetting("Faults:Enabled", "true").WithSetting("Faults:AdminKey", adminKey).BuildAndStartAsync();
        var (watched, other) = (cluster.Silos[0], cluster.Silos[1]);
        var here = await Placement.LeaseOnAsync(cluster, watched, "here");
        var there = await Placement.LeaseOnAsync(cluster, other, "there");
        await Http.AcquireAsync(watched.Http, here, "holder-here");
        await Http.AcquireAsync(watched.Http, there, "holder-there");
        await using var browser = await Chromium.StartAsync(TimeSpan.FromSeconds(30));

        await browser.NavigateAsync(watched.Http.BaseAddress!);

        // Both leases, each with the silo its grain runs on: the other silo's too, though the page asks only this node.
        string[][] leases = [];
        await Eventually.True(async () =>
        {
            leases = await ReadAsync(browser, LeaseRows);
            return leases.Any(l => l[0] == here && l[1] == "holder-here" && l[4] == watched.ToString())
                && leases.Any(l => l[0] == there && l[1] == "holder-there" && l[4] == other.ToString());
        }, TimeSpan.FromSeconds(30), () => $"both leases with their silos on the page; it shows {Show(leases)}");

        string[][] faults = [];
        await Eventually.True(async () =>
        {
            faults = await ReadAsync(browser, FaultRows);
            return faults.Length == 2 && faults.All(f => f[1] == "true" && f[2] == "none");
        }, TimeSpan.FromSeconds(30), () => $"both silos answering with no fault in force; the page shows {Show(faults)}");

        using (var skew = new HttpRequestMessage(HttpMethod.Post, "/v1/faults/clock") { Content = JsonContent.Create(new { offsetMs = -30_000 }) })
        {
            skew.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
            using var response = await other.Http.SendAsync(skew);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Eventually.True(async () =>
        {
            faults = await ReadAsync(browser, FaultRows);
            return faults.Any(f => f[0] == other.ToString() && f[2] == "clock -30000 ms")
                && faults.Any(f => f[0] == watched.ToString() && f[2] == "none");
        }, TimeSpan.FromSeconds(30), () => $"the skewed clock of {other} on the page, and no fault on {watched}; it shows {Show(faults)}");
    }

    [ChromiumFact]
    public async Task Orleans_dashboard_shows_the_silos_and_the_lease_grains_live()
    {
        await using var cluster = await new TestClusterBuilder(2).BuildAndStartAsync();
        var watched = cluster.Silos[0];
        var resource = await Placement.LeaseOnAsync(cluster, watched, "orleans-dashboard");
        await Http.AcquireAsync(watched.Http, resource, "browser-test");
        await using var browser = await Chromium.StartAsync(TimeSpan.FromSeconds(30));

        // The single-page app fills itself from the dashboard's data routes; wait for what a person would look for:
        // both silos counted on the overview, then the lease grain among the grain types with its activation.
        // What the page's script reads, for the failure message.
        using var probe = await watched.Http.GetAsync("/orleans/DashboardCounters");
        var counters = await probe.Content.ReadAsStringAsync();
        var probeText = $"{(int)probe.StatusCode} {counters[..Math.Min(200, counters.Length)]}";
        await browser.NavigateAsync(new Uri(watched.Http.BaseAddress!, "/orleans/"));
        await PageShowsAsync(browser, ActiveSilos(2), $"two Active silos on Orleans' overview (counters: {probeText})");
        await browser.NavigateAsync(new Uri(watched.Http.BaseAddress!, "/orleans/#/grains"));
        await PageShowsAsync(browser, new Regex(@"LeaseGrain\s*[1-9]"), "the lease grain's activations on Orleans' grains page");
    }

    private static Regex ActiveSilos(int count) => new($@"Active Silos\s*{count}(?!\d)");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private static async Task PageShowsAsync(Chromium browser, Regex pattern, string what)
    {
        var text = string.Empty;
        await Eventually.True(async () =>
        {
            // The text as one line of words: layout, markup and whitespace play no part.
            text = Whitespace().Replace((string?)await browser.EvaluateAsync("document.body ? document.body.textContent : ''") ?? string.Empty, " ").Trim();
            return pattern.IsMatch(text);
        }, TimeSpan.FromSeconds(30), () => $"{what}; the page shows: {text[..Math.Min(text.Length, 600)]}");
    }

    private static async Task<string[][]> ReadAsync(Chromium browser, string expression)
    {
        var json = (string?)await browser.EvaluateAsync(expression) ?? "[]";
        return JsonNode.Parse(json)!.AsArray().Select(r => r!.AsArray().Select(c => (string?)c ?? "").ToArray()).ToArray();
    }

    private static string? StatusOf(string[][] rows, TestSilo silo) =>
        rows.FirstOrDefault(r => r[0] == silo.Address.Endpoint.ToString() && r[1] == silo.Address.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture))?[2];

    private static string Show(string[][] rows) => rows.Length == 0 ? "nothing" : string.Join("; ", rows.Select(r => string.Join(" ", r)));
}
