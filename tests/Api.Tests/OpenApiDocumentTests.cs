using System.Text.Json.Nodes;

namespace Leasehold.Api.Tests;

/// <summary>
/// docs/openapi.json is the served document, committed. This test fails when they drift; run it with
/// LEASEHOLD_UPDATE_OPENAPI=1 to rewrite the committed copy.
/// </summary>
[Collection(SharedServerCollection.Name)]
public sealed class OpenApiDocumentTests(SharedServer shared)
{
    [Fact]
    public async Task The_committed_openapi_document_matches_the_served_one()
    {
        var served = JsonNode.Parse(await shared.Server.Client.GetStringAsync("/openapi/v1.json"))!.AsObject();
        var text = served.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";
        var committed = Path.Combine(RepositoryRoot(), "docs", "openapi.json");

        if (Environment.GetEnvironmentVariable("LEASEHOLD_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(committed, text);
        }

        Assert.True(File.Exists(committed), "docs/openapi.json is missing; run the tests with LEASEHOLD_UPDATE_OPENAPI=1");
        Assert.Equal(await File.ReadAllTextAsync(committed), text);
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Orleans.sln not found above the test binaries.");
    }
}
