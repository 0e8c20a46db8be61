using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Leasehold.Api.OpenApi;

/// <summary>The document-wide parts: info, the server, tag descriptions, the security scheme and the shared headers.</summary>
internal sealed class LeaseholdDocumentTransformer : IOpenApiDocumentTransformer
{
    /// <summary>Where <c>dotnet run --project src/Api</c> listens (the API's default <c>--urls</c>).</summary>
    public const string DefaultServer = "http://127.0.0.1:5080";

    private static readonly Dictionary<string, string> Tags = new(StringComparer.Ordinal)
    {
        ["Leases"] = "Acquire, renew and release leases; each grant carries a fence and a signed fencing token.",
        ["Elections"] = "Leader election: leadership is the lease on election:NAME, with its fence and token, plus the value the leader proclaims.",
        ["Semaphores"] = "Counting semaphores with a fair line: permit slot i is the lease on semaphore:NAME:i, with that slot's own fence and token.",
        ["Sessions"] = "One TTL and one keep-alive for many leases; when a session ends, every lease it holds ends with it.",
        ["Objects"] = "The fenced object store: writes carry a Fencing-Token and stale fences are refused.",
        ["Cluster"] = "The membership view of the silo that answers.",
        ["Observability"] = "Rates and recent rejected writes of the silo that answers.",
        ["Health"] = "Liveness and readiness probes; no key needed.",
        ["Faults"] = "Fault injection for partial-failure tests (only with Faults:Enabled=true, admin key only).",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Leasehold";
        document.Info.Description =
            "Leases with fencing tokens, and a store that rejects writes with stale tokens. Acquire a lease, send its token as the " +
            "`Fencing-Token` header with every write, and the store refuses any write whose fence is below the highest it has seen " +
            "for the key. The reference page is served at `/reference`.";
        document.Info.Contact = new OpenApiContact { Name = "Leasehold maintainers", Url = new Uri(DefaultServer + "/reference") };
        document.Info.License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" };

        // A fixed server rather than the one the request came to: the committed document is the same wherever it is served.
        document.Servers = [new OpenApiServer { Url = DefaultServer, Description = "A node started with dotnet run --project src/Api" }];

        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && Tags.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[LeaseholdOperationTransformer.SecurityScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key (Auth:Keys) or the admin key (Faults:AdminKey), as `Authorization: Bearer <key>`. " +
                "With Auth:Mode=None only the fault routes need one.",
        };
        document.Components.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
        document.Components.Headers[LeaseholdOperationTransformer.TraceResponse] = new OpenApiHeader
        {
            Description = "W3C Trace Context `traceresponse` (00-trace-span-flags) naming the request's trace; sent while traces are exported.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            Example = System.Text.Json.Nodes.JsonValue.Create("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
        };
        return Task.CompletedTask;
    }
}
