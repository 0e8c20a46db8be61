using System.Buffers.Binary;
using System.Net;
using System.Text;
using Leasehold.Testing;

namespace Leasehold.Cluster.Tests.Scenarios;

/// <summary>
/// A client lies: it takes its real token and raises the fence in it to the largest number there is, hoping to lock
/// every later holder out of the object. The token is signed over its claims, so the altered token fails the
/// signature check on every node and the store never sees the fence; honest holders keep writing.
/// </summary>
public sealed class LyingClientScenario
{
    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task A_token_whose_fence_was_raised_to_the_maximum_is_refused_by_its_signature_and_locks_no_one_out(StorageProvider storage)
    {
        await using var cluster = await Scenario.StartAsync(2, Fencing.On, storage);
        var (one, two) = (cluster.Silos[0].Http, cluster.Silos[1].Http);
        var liar = await Scenario.AcquireOkAsync(one, "orders", "liar", ttlMs: 500);
        var forged = WithFence(liar.Token, long.MaxValue);

        var forgedWrite = await Scenario.WriteAsync(two, "orders-file", forged, "the liar's write");
        var honest = await Scenario.AcquireOkAsync(two, "orders", "honest", ttlMs: 10_000, waitMs: 5_000);
        var honestWrite = await Scenario.WriteAsync(one, "orders-file", honest.Token, "an honest write");

        Assert.Equal(HttpStatusCode.Forbidden, forgedWrite);
        Assert.Equal(HttpStatusCode.OK, honestWrite);
        Assert.Equal("an honest write", await Scenario.ReadAsync(two, "orders-file"));
    }

    /// <summary>The token with its claims' fence replaced and the original signature kept (<c>lh1.{kid}.{claims}.{mac}</c>; claims start with the fence, big-endian).</summary>
    private static string WithFence(string token, long fence)
    {
        var parts = token.Split('.');
        var claims = Convert.FromBase64String(ToBase64(parts[2]));
        BinaryPrimitives.WriteInt64BigEndian(claims, fence);
        parts[2] = Convert.ToBase64String(claims).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.NotEqual(token, string.Join('.', parts));
        return string.Join('.', parts);
    }

    private static string ToBase64(string base64Url)
    {
        var text = new StringBuilder(base64Url.Replace('-', '+').Replace('_', '/'));
        while (text.Length % 4 != 0)
        {
            text.Append('=');
        }

        return text.ToString();
    }
}
