using System.Net;
using System.Net.Http.Json;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Leasehold.Api.Tests;

/// <summary>
/// Hostile input over every route: random methods, paths, bodies, media types and fencing tokens (garbage, truncated,
/// altered, huge). Every answer is a 4xx problem or a success, never a 5xx; and a rejected request changes nothing —
/// the lease and the object it aimed at read the same before and after.
/// </summary>
[Collection(SharedServerCollection.Name)]
public sealed class HostileInputProperties(SharedServer shared)
{
    private const string Resource = "fuzz-target";
    private const string Key = "fuzz-key";

    [Fact]
    public async Task Random_requests_never_get_a_5xx_and_a_rejected_one_changes_nothing()
    {
        var http = shared.Server.Client;
        var owner = await shared.Server.AcquireOkAsync(Resource, "owner", ttlMs: 600_000);
        using (var seed = await shared.Server.PutObjectAsync(Key, owner.Token, "before the fuzz"))
        {
            Assert.Equal(HttpStatusCode.OK, seed.StatusCode);
        }

        var requests = Gen.Sample(RequestGen(owner.Token), 400);
        var failures = new List<string>();
        foreach (var request in requests)
        {
            var before = await SnapshotAsync(http);
            using var message = request.ToMessage();
            using var response = await http.SendAsync(message);
            var status = (int)response.StatusCode;
            var after = await SnapshotAsync(http);
            if (status >= 500)
            {
                failures.Add($"{status} for {request}: {await response.Content.ReadAsStringAsync()}");
            }
            else if (status >= 400 && before != after)
            {
                failures.Add($"{status} for {request} changed {before} into {after}");
            }
            else if (status >= 400 && response.Content.Headers.ContentLength != 0 && response.Content.Headers.ContentType?.MediaType != "application/problem+json" && message.Method != HttpMethod.Head)
            {
                failures.Add($"{status} for {request} without a problem body");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
    }

    private static async Task<string> SnapshotAsync(HttpClient http)
    {
        var lease = await http.GetStringAsync($"/v1/leases/{Resource}");
        using var stored = await http.GetAsync($"/v1/objects/{Key}");
        var fence = stored.Headers.TryGetValues("Fencing-Fence", out var values) ? values.Single() : "-";
        var leaseWithoutClock = System.Text.RegularExpressions.Regex.Replace(lease, "\"remainingMs\":\\d+", string.Empty);
        return $"{leaseWithoutClock} | {fence} {await stored.Content.ReadAsStringAsync()}";
    }

    private static Gen<HostileRequest> RequestGen(string realToken)
    {
        var methods = Gen.Elements("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
        var junk = Gen.Elements("", "..", "%00", "%2F", "a%20b", "ünï", new string('x', 300), "fuzz-target", "fuzz-key", "-", ":", "A.B_C-D:E", "<script>", "' OR 1=1 --", "%ZZ");
        var paths = from template in Gen.Elements(
                         "/v1/leases/{0}/acquire", "/v1/leases/{0}/renew", "/v1/leases/{0}/release", "/v1/leases/{0}",
                         "/v1/objects/{0}", "/v1/leases/{0}/{1}", "/v1/{0}", "/{0}", "/v1/cluster/{0}", "/v1/faults/{0}")
                     from a in Gen.OneOf(junk, Gen.Constant(Resource), Gen.Constant(Key))
                     from b in junk
                     select string.Format(System.Globalization.CultureInfo.InvariantCulture, template, a, b);
        var bodies = Gen.OneOf(
            Gen.Elements("", "{", "null", "[]", "{}", "\"text\"", "{\"holder\":\"\"}", "{\"holder\":\"x\",\"ttlMs\":-1}",
                "{\"holder\":\"x\",\"ttlMs\":99999999999999999999}", "{\"holder\":\"x\",\"ttlMs\":1000,\"waitMs\":-5}",
                "{\"leaseId\":\"not-a-lease\"}", "{\"leaseId\":null,\"ttlMs\":\"soon\"}", "{\"holder\":{\"nested\":[1,2]}}",
                new string('{', 5000), "{\"holder\":\"" + new string('h', 5000) + "\",\"ttlMs\":1000}"),
            ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty));
        var mediaTypes = Gen.Elements("application/json", "text/plain", "application/octet-stream", "application/x-www-form-urlencoded", "", "application/json; charset=utf-7");
        var tokens = Gen.OneOf(
            Gen.Constant<string?>(null),
            Gen.Elements<string?>("", "garbage", "lh1.k1..", "lh1.k1.AAAA.BBBB", realToken[..^3], realToken + "A", realToken.Replace("lh1.", "lh2.", StringComparison.Ordinal), new string('t', 5000)),
            ArbMap.Default.GeneratorFor<string>().Select(s => (string?)s));
        return from method in methods
               from path in paths
               from body in bodies
               from mediaType in mediaTypes
               from token in tokens
               select new HostileRequest(method, path, body, mediaType, token);
    }

    private sealed record HostileRequest(string Method, string Path, string Body, string MediaType, string? Token)
    {
        public HttpRequestMessage ToMessage()
        {
            var message = new HttpRequestMessage(new HttpMethod(Method), new Uri(Path, UriKind.Relative));
            if (Method is not ("GET" or "HEAD" or "OPTIONS"))
            {
                message.Content = new StringContent(Body, Encoding.UTF8);
                message.Content.Headers.ContentType = MediaType.Length == 0 ? null : System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(MediaType, out var parsed) ? parsed : null;
            }

            if (Token is not null)
            {
                message.Headers.TryAddWithoutValidation("Fencing-Token", Token.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal));
            }

            return message;
        }

        public override string ToString() => $"{Method} {Path} [{MediaType}] body {Body.Length} chars: {Body[..Math.Min(Body.Length, 60)]} token {Token?[..Math.Min(Token.Length, 40)]}";
    }
}
