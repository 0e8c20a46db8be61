using System.Text.Json.Nodes;
using Leasehold.Api.Watches;
using Microsoft.OpenApi;

namespace Leasehold.Api.OpenApi;

/// <summary>
/// What the watch routes' metadata cannot say: their answer is JSON for a long poll but an event stream otherwise, with the
/// index header, and what their query and header parameters mean.
/// </summary>
internal static class WatchDocumentation
{
    private const string LeaseStream =
        "retry: 1000\n\n" +
        "id: 11\nevent: reset\ndata: {\"id\":11,\"kind\":\"reset\",\"resource\":\"orders\",\"reason\":\"start\",\"lease\":{\"resource\":\"orders\",\"held\":false,\"fence\":41,\"waiters\":0}}\n\n" +
        "id: 12\nevent: granted\ndata: {\"id\":12,\"kind\":\"granted\",\"resource\":\"orders\",\"holder\":\"worker-1\",\"fence\":42,\"atUtc\":\"2026-01-01T12:00:00+00:00\",\"expiresAtUtc\":\"2026-01-01T12:00:30+00:00\"}\n\n" +
        ": keep-alive\n\n" +
        "id: 13\nevent: expired\ndata: {\"id\":13,\"kind\":\"expired\",\"resource\":\"orders\",\"holder\":\"worker-1\",\"fence\":42,\"atUtc\":\"2026-01-01T12:00:30+00:00\"}\n\n";

    private const string ObjectStream =
        "retry: 1000\n\n" +
        "id: 6\nevent: reset\ndata: {\"id\":6,\"kind\":\"reset\",\"key\":\"orders.txt\",\"reason\":\"start\",\"object\":{\"key\":\"orders.txt\",\"exists\":true,\"version\":6,\"fence\":41,\"contentType\":\"text/plain\",\"length\":10,\"updatedAtUtc\":\"2026-01-01T11:59:00+00:00\"}}\n\n" +
        "id: 7\nevent: written\ndata: {\"id\":7,\"kind\":\"written\",\"key\":\"orders.txt\",\"version\":7,\"fence\":42,\"contentType\":\"text/plain\",\"length\":12,\"atUtc\":\"2026-01-01T12:00:00+00:00\"}\n\n";

    public static void DescribeParameters(OpenApiOperation operation)
    {
        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is not OpenApiParameter concrete)
            {
                continue;
            }

            concrete.Description = concrete.Name switch
            {
                "index" => "Long poll: answer once something newer than this index exists (a lease's change id, an object's version; 0 for anything). Naming it makes the request a long poll.",
                "wait" => "Long poll: the longest to wait for a change, as `500ms`, `30s`, `5m` or `1h` (default 30s, at most `Watches:WaitMax`). Naming it makes the request a long poll.",
                ServerSentEvents.LastEventIdHeader => "Stream: the `id:` of the last event received; the stream resumes after it (EventSource sends it when it reconnects).",
                _ => concrete.Description,
            };
            if (concrete.Name is "index" or "wait")
            {
                concrete.Example = JsonValue.Create(concrete.Name == "index" ? "12" : "30s");
            }
        }
    }

    public static void DescribeAnswer(string? operationId, OpenApiResponse response)
    {
        response.Description = "A long poll's JSON answer, or (without `index` and `wait`) the event stream";
        response.Headers![WatchesApi.IndexHeader] = new OpenApiHeader
        {
            Description = "The current index: the lease's latest change id, or the object's version. Send it as the next long poll's `index`.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
            Example = JsonValue.Create(12),
        };
        response.Content ??= new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal);
        response.Content[ServerSentEvents.MediaType] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "Server-Sent Events: each event has `id:` (growing), `event:` (its kind) and one line of JSON `data:`; `: keep-alive` comments every `Watches:Refresh`.",
            },
            Example = JsonValue.Create(operationId == "watchLease" ? LeaseStream : ObjectStream),
        };
    }
}
