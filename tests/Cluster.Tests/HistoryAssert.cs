using System.Net.Http.Json;

namespace Leasehold.Cluster.Tests;

/// <summary>The safety properties every cluster test checks on its history.</summary>
public static class HistoryAssert
{
    private static readonly int[] ContractStatuses = [200, 204, 409, 503, 504];

    /// <summary>
    /// A release may also be answered 410 lost: on Orleans a release that reaches a lease grain while its silo stops
    /// waits for the deactivation (which lets the turns already running, waiting acquires included, finish), and by the
    /// time it reaches the new activation the lease may have run out. The contract's answer then is that it was lost.
    /// </summary>
    private static readonly int[] ReleaseStatuses = [.. ContractStatuses, 410];

    public static IReadOnlyList<Operation> Grants(this History history) =>
        [.. history.Operations.Where(o => o is { Kind: "acquire", Outcome: Outcome.Ok })];

    public static IReadOnlyList<Operation> AcknowledgedWrites(this History history) =>
        [.. history.Operations.Where(o => o is { Kind: "write", Outcome: Outcome.Ok })];

    /// <summary>Every answer is one the contract allows under failure: no 500, no dropped connection, no hang.</summary>
    public static void OnlyContractStatuses(History history)
    {
        var odd = history.Operations.Where(o => !(o.Kind == "release" ? ReleaseStatuses : ContractStatuses).Contains(o.Status)).ToList();
        Assert.True(odd.Count == 0, $"Answers outside the contract: {string.Join("; ", odd.Take(5))}");
    }

    /// <summary>No fence of a resource was granted to two different leases.</summary>
    public static void NoFenceGrantedTwice(IEnumerable<Operation> grants)
    {
        var twice = grants.GroupBy(g => (g.Resource, g.Fence)).Where(g => g.Select(o => o.LeaseId).Distinct().Count() > 1).ToList();
        Assert.True(twice.Count == 0, $"Fences granted to two leases: {string.Join("; ", twice.Select(g => $"{g.Key}: {string.Join(", ", g.Select(o => o.LeaseId).Distinct())}"))}");
    }

    /// <summary>A write acknowledged after another completed never carries a lower fence.</summary>
    public static void AcknowledgedWritesNeverGoBack(IReadOnlyList<Operation> writes)
    {
        foreach (var later in writes)
        {
            var earlier = writes.Where(w => w.Resource == later.Resource && w.CompletedMs < later.InvokedMs).MaxBy(w => w.Fence);
            Assert.True(earlier is null || later.Fence >= earlier.Fence, $"{later} was acknowledged with a lower fence than {earlier}, acknowledged before it was sent.");
        }
    }

    /// <summary>The final object is the newest acknowledged write, or a write of unknown outcome with a fence at least as high.</summary>
    public static async Task NoAcknowledgedWriteLostAsync(HttpClient http, string resource, History history)
    {
        var key = Workload.KeyOf(resource);
        var acknowledged = history.AcknowledgedWrites().Where(w => w.Resource == resource).ToList();
        Assert.NotEmpty(acknowledged);
        var newest = acknowledged.MaxBy(w => w.Fence)!;
        using var response = await http.GetAsync($"/v1/objects/{key}");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var value = await response.Content.ReadAsStringAsync();
        var fence = long.Parse(response.Headers.GetValues("Fencing-Fence").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(fence >= newest.Fence!.Value, $"The stored fence {fence} is below the newest acknowledged write's {newest.Fence}: an acknowledged write was lost.");
        var candidates = history.Operations.Where(o => o.Kind == "write" && o.Resource == resource && o.Fence == fence && o.Outcome is Outcome.Ok or Outcome.Unknown).Select(o => o.Value).ToList();
        Assert.Contains(value, candidates);
    }
}
