using Leasehold.Testing;
using Leasehold.NodeCluster;

namespace Leasehold.Telemetry.Tests.Browser;

public sealed class ApiReferenceBrowserTests
{
    // Summaries of operations from each tag, as the reference page lists them; the page reads them from /openapi/v1.json.
    private static readonly string[] Summaries =
    [
        "Acquire the lease, or wait in line for it up to waitMs",
        "Write an object; needs the Fencing-Token header of a lease on the object's resource",
        "Silos, their status and this silo's membership version",
    ];

    [ChromiumFact]
    public async Task The_reference_page_linked_from_the_dashboard_renders_the_operations_without_leaving_the_machine()
    {
        await using var cluster = await new TestClusterBuilder(1).BuildAndStartAsync();
        var node = cluster.Silos[0].Http.BaseAddress!;
        await using var browser = await Chromium.StartAsync(TimeSpan.FromSeconds(30));
        await browser.RecordRequestsAsync();

        // Start where a person does: the dashboard, and its link to the reference.
        await browser.NavigateAsync(node);
        string? link = null;
        await Eventually.True(async () =>
        {
            link = (string?)await browser.EvaluateAsync("document.querySelector('a#api-reference')?.href ?? null");
            return link is not null;
        }, TimeSpan.FromSeconds(30), () => "the dashboard's link to the API reference");
        await browser.NavigateAsync(new Uri(link!));

        string text = "";
        await Eventually.True(async () =>
        {
            text = (string?)await browser.EvaluateAsync("document.body?.textContent ?? ''") ?? "";
            return Summaries.All(s => text.Contains(s, StringComparison.Ordinal));
        }, TimeSpan.FromSeconds(60), () => $"every summary of {string.Join(" | ", Summaries)} on the page; it shows: {text[..Math.Min(text.Length, 500)]}");

        var requests = browser.RequestedUrls;
        Assert.Contains(requests, url => url.EndsWith("/openapi/v1.json", StringComparison.Ordinal));
        var elsewhere = requests.Select(url => new Uri(url))
            .Where(url => url.Scheme is "http" or "https" or "ws" or "wss" && url.Host != node.Host)
            .ToList();
        Assert.True(elsewhere.Count == 0, $"the page asked for {string.Join(", ", elsewhere)}");
    }
}
