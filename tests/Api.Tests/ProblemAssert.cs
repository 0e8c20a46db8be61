using System.Net;
using System.Net.Http.Json;

namespace Leasehold.Api.Tests;

/// <summary>Asserts a response is an RFC 9457 problem of one of our types.</summary>
public static class ProblemAssert
{
    public static async Task<ProblemBody> IsProblem(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemBody>())!;
        Assert.Equal($"urn:leasehold:problem:{type}", problem.Type);
        Assert.Equal((int)status, problem.Status);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title));
        return problem;
    }
}
