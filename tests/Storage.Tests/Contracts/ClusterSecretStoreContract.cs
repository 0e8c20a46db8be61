using Leasehold.Storage.Tests.Providers;

namespace Leasehold.Storage.Tests.Contracts;

/// <summary>Cluster secrets: created once; every later or racing candidate, from any process, gets the first.</summary>
public abstract class ClusterSecretStoreContract : ProviderContract
{
    [ProviderFact]
    public async Task A_cluster_secret_is_created_once_and_every_later_candidate_gets_the_first()
    {
        var first = await Provider.Secrets.GetOrAddAsync("signing", new byte[] { 1, 2, 3 }, CancellationToken.None);

        var later = await Provider.Secrets.GetOrAddAsync("signing", new byte[] { 9 }, CancellationToken.None);

        Assert.Equal(new byte[] { 1, 2, 3 }, first);
        Assert.Equal(first, later);
    }

    [ProviderFact]
    public async Task Candidates_racing_from_two_processes_all_get_the_same_winner()
    {
        await using var other = await Provider.OpenAnotherAsync();
        var stores = new[] { Provider.Secrets, other.Secrets };

        var answers = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            Task.Run(() => stores[i % 2].GetOrAddAsync("signing", new[] { (byte)i }, CancellationToken.None))));

        Assert.Single(answers.Select(a => a[0]).Distinct());
        Assert.Equal(answers[0], await other.Secrets.GetOrAddAsync("signing", new byte[] { 0 }, CancellationToken.None));
    }

    [ProviderFact]
    public async Task A_reachable_database_reports_healthy()
    {
        Assert.True(await Provider.Health.IsReachableAsync(CancellationToken.None));
    }
}
