using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Leasehold.Api.Tests;

/// <summary>The committed OpenAPI document passes the <c>oas</c> rules (<see cref="OpenApiLint"/>) and says what clients need.</summary>
public sealed class OpenApiLintTests
{
    private static readonly string[] MethodNames =
    [
        "acquireLease", "renewLease", "releaseLease", "getLease", "listLeases", "campaign", "proclaim", "resign", "getLeader", "putObject", "getObject",
        "deleteObject", "listObjects", "getCluster", "getStats", "getLive", "getReady", "openSession", "keepSessionAlive", "closeSession", "getSession",
        "watchLease", "watchObject", "acquirePermit", "renewPermit", "releasePermit", "getSemaphore",
    ];

    private static readonly string[] FaultMethodNames = ["getFaults", "pauseSilo", "resumeSilo", "setNetworkFault", "healNetwork", "skewClock", "killSilo"];

    [Fact]
    public void The_committed_document_lints_without_warnings()
    {
        var warnings = OpenApiLint.Check(Committed());

        Assert.True(warnings.Count == 0, string.Join(Environment.NewLine, warnings));
    }

    [Fact]
    public async Task The_document_served_with_faults_enabled_lints_without_warnings_and_names_the_fault_operations()
    {
        await using var server = await ApiServer.StartAsync(settings: ["--Faults:Enabled=true", "--Faults:AdminKey=a-test-admin-key-0123456789"]);

        var document = JsonNode.Parse(await server.Client.GetStringAsync("/openapi/v1.json"))!.AsObject();

        var warnings = OpenApiLint.Check(document);
        Assert.True(warnings.Count == 0, string.Join(Environment.NewLine, warnings));
        Assert.Equal(MethodNames.Concat(FaultMethodNames).Order(StringComparer.Ordinal), OperationIds(document).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_operation_is_named_as_a_method_and_needs_a_key_unless_it_is_a_probe()
    {
        var document = Committed();

        Assert.Equal(MethodNames.Order(StringComparer.Ordinal), OperationIds(document).Order(StringComparer.Ordinal));
        foreach (var (id, operation) in Operations(document))
        {
            var secured = operation["security"] is JsonArray { Count: > 0 } security && security[0]!["apiKey"] is not null;
            Assert.Equal(!(id is "getLive" or "getReady"), secured);
        }

        Assert.Equal("bearer", (string?)document["components"]!["securitySchemes"]!["apiKey"]!["scheme"]);
    }

    [Fact]
    public void Writes_declare_the_fencing_token_and_reads_the_fence_and_version_they_answer_with()
    {
        var operations = Operations(Committed()).ToDictionary(o => o.Id, o => o.Operation);

        var token = operations["putObject"]["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "Fencing-Token")!;
        Assert.Equal("header", (string?)token["in"]);
        Assert.True((bool)token["required"]!);

        var read = operations["getObject"]["responses"]!["200"]!["headers"]!.AsObject();
        Assert.Contains("Fencing-Fence", read.Select(h => h.Key));
        Assert.Contains("ETag", read.Select(h => h.Key));
        Assert.NotNull(operations["acquireLease"]["responses"]!["409"]!["headers"]!["Retry-After"]);
        Assert.NotNull(operations["campaign"]["responses"]!["409"]!["headers"]!["Retry-After"]);
        Assert.NotNull(operations["acquirePermit"]["responses"]!["409"]!["headers"]!["Retry-After"]);
        Assert.NotNull(operations["getLeader"]["responses"]!["200"]!["headers"]!["Leasehold-Index"]);
        Assert.NotNull(operations["getLeader"]["responses"]!["404"]!["headers"]!["Leasehold-Index"]);
        Assert.All(operations.Values.SelectMany(o => o["responses"]!.AsObject()), r => Assert.NotNull(r.Value!["headers"]!["traceresponse"]));
    }

    [Fact]
    public void Every_problem_response_names_its_problem_types_and_shows_one_of_each()
    {
        var operations = Operations(Committed()).ToDictionary(o => o.Id, o => o.Operation);

        Assert.Contains("urn:leasehold:problem:stale-fencing-token", (string?)operations["putObject"]["responses"]!["409"]!["description"]);
        Assert.Contains("urn:leasehold:problem:lease-held", (string?)operations["acquireLease"]["responses"]!["409"]!["description"]);
        foreach (var (id, operation) in operations)
        {
            foreach (var (code, response) in operation["responses"]!.AsObject().Where(r => r.Key[0] is '4' or '5'))
            {
                var examples = response!["content"]!["application/problem+json"]!["examples"]!.AsObject();
                Assert.NotEmpty(examples);
                foreach (var (_, example) in examples)
                {
                    var type = (string)example!["value"]!["type"]!;
                    Assert.StartsWith("urn:leasehold:problem:", type);
                    Assert.True(((string)response["description"]!).Contains(type, StringComparison.Ordinal), $"{id} {code} names {type}");
                }
            }
        }
    }

    [Fact]
    public void The_linter_reports_each_rule_a_broken_document_breaks()
    {
        var document = Committed();
        var acquire = document["paths"]!["/v1/leases/{resource}/acquire"]!["post"]!.AsObject();
        var renew = document["paths"]!["/v1/leases/{resource}/renew"]!["post"]!.AsObject();
        acquire.Remove("operationId");
        acquire.Remove("description");
        acquire.Remove("summary");
        acquire["tags"] = new JsonArray();
        acquire["parameters"] = new JsonArray();
        renew["operationId"] = "get lease";
        document["paths"]!["/v1/leases/{resource}/release"]!["post"]!["operationId"] = "getLease";
        document["paths"]!["/v1/leases/{resource}/release"]!["post"]!["responses"]!["204"]!["description"] = "";
        document["paths"]!["/v1/objects/{key}"]!["put"]!["responses"]!["200"]!["content"]!["application/json"]!["example"]!["fence"] = "forty-two";
        document["paths"]!["/v1/objects/{key}"]!["put"]!["responses"]!["200"]!["content"]!["application/json"]!["example"]!.AsObject().Remove("key");
        document["components"]!["schemas"]!["Unused"] = new JsonObject { ["type"] = "object" };
        document["tags"]![0]!.AsObject().Remove("description");
        var info = document["info"]!.AsObject();
        info.Remove("contact");
        info.Remove("license");
        info.Remove("description");
        document.Remove("servers");

        var rules = OpenApiLint.Check(document).Select(w => w[..w.IndexOf(' ', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);

        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal)
            {
                "info-contact", "info-description", "info-license", "oas3-api-servers", "tag-description", "operation-operationId",
                "operation-operationId-unique", "operation-operationId-valid-in-url", "operation-description", "operation-summary",
                "operation-tags", "path-params", "oas3-schema", "oas3-valid-media-example", "oas3-unused-component",
            },
            rules);
    }

    [Fact]
    public async Task The_reference_page_and_its_assets_are_served_without_a_key()
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData("a-test-reader-key-0123456789"u8));
        await using var server = await ApiServer.StartAsync(settings: ["--Auth:Mode=ApiKey", "--Auth:Keys:0:Principal=reader", $"--Auth:Keys:0:Sha256={sha256}", "--Auth:Keys:0:Roles:0=read"]);

        using var page = await server.Client.GetAsync("/reference");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("cdn.", html, StringComparison.OrdinalIgnoreCase);
        foreach (var script in System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*src=\"([^\"]+)\"").Select(m => m.Groups[1].Value))
        {
            Assert.False(Uri.TryCreate(script, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal), $"{script} is loaded from elsewhere");
            using var asset = await server.Client.GetAsync(new Uri(page.RequestMessage!.RequestUri!, script));
            Assert.Equal(System.Net.HttpStatusCode.OK, asset.StatusCode);
        }

        using var cluster = await server.Client.GetAsync("/v1/cluster");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, cluster.StatusCode);
    }

    private static JsonObject Committed() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(OpenApiDocumentTests.RepositoryRoot(), "docs", "openapi.json")))!.AsObject();

    private static IEnumerable<string> OperationIds(JsonObject document) => Operations(document).Select(o => o.Id);

    private static IEnumerable<(string Id, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => ((string)o.Value!["operationId"]!, o.Value!.AsObject())));
}
