using System.Globalization;
using System.Text.Json.Nodes;
using Leasehold.Api.Apis;
using Leasehold.Api.Problems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Leasehold.Api.OpenApi;

/// <summary>
/// What route metadata cannot say, added to each operation in one place: the security requirement of a route that needs
/// a key, the headers requests and answers carry, each problem response's types, and examples of every body.
/// </summary>
internal sealed class LeaseholdOperationTransformer : IOpenApiOperationTransformer
{
    /// <summary>The security scheme's name in <c>components.securitySchemes</c>.</summary>
    public const string SecurityScheme = "apiKey";

    /// <summary>The <c>traceresponse</c> header's name in <c>components.headers</c>; every answer may carry it.</summary>
    public const string TraceResponse = "traceresponse";

    // The problem types an authorized route answers with these statuses whatever it does (ProducesAuthProblems).
    private static readonly Dictionary<int, ProblemType> AuthProblems = new()
    {
        [StatusCodes.Status401Unauthorized] = ProblemType.Unauthorized,
        [StatusCodes.Status403Forbidden] = ProblemType.Forbidden,
        [StatusCodes.Status429TooManyRequests] = ProblemType.RateLimited,
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var needsKey = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        if (needsKey)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecurityScheme, context.Document)] = [] }];
        }

        // Headers go by operation id: the handlers read and write them on HttpRequest/HttpResponse, which the framework
        // cannot see, and these three operations are the only ones that carry them. OpenApiLintTests checks they are declared.
        if (operation.OperationId is "putObject" or "deleteObject")
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = ObjectsApi.FencingTokenHeader,
                In = ParameterLocation.Header,
                Required = true,
                Description = "The `token` of your lease on the object's resource, as `acquireLease` answered it. A write with a fence below the key's highest is refused.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                Example = JsonValue.Create(OpenApiExamples.Token),
            });
            ObjectPreconditionParameters.AddTo(operation, ifNoneMatch: operation.OperationId == "putObject");
        }

        if (operation.OperationId == "listObjects")
        {
            ObjectPreconditionParameters.DescribeListing(operation);
        }

        if (operation.OperationId is "watchLease" or "watchObject")
        {
            WatchDocumentation.DescribeParameters(operation);
        }

        foreach (var body in context.Description.ParameterDescriptions.Where(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Body))
        {
            if (OpenApiExamples.Of(body.Type) is { } example && operation.RequestBody?.Content is { } content)
            {
                foreach (var media in content.Values)
                {
                    media.Example = example;
                }
            }
        }

        var problems = metadata.OfType<ProblemTypesMetadata>().ToLookup(m => m.Status);
        foreach (var (code, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse concrete || !int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            {
                continue;
            }

            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
            concrete.Headers[TraceResponse] = new OpenApiHeaderReference(TraceResponse, context.Document);
            AddAnswerHeaders(operation.OperationId, status, concrete);
            if (operation.OperationId is "watchLease" or "watchObject" && status == StatusCodes.Status200OK)
            {
                WatchDocumentation.DescribeAnswer(operation.OperationId, concrete);
            }

            var types = problems[status].SelectMany(m => m.Types).ToList();
            if (needsKey && AuthProblems.TryGetValue(status, out var auth))
            {
                types.Insert(0, auth);
            }

            types = [.. types.Distinct()];
            if (types.Count > 0 && concrete.Content?.TryGetValue("application/problem+json", out var problem) == true)
            {
                concrete.Description = $"{concrete.Description}: {string.Join(", ", types.Select(t => $"`{t.Uri}` ({t.Title})"))}";
                problem.Examples = types.ToDictionary(t => t.Name, t => (IOpenApiExample)new OpenApiExample { Summary = t.Title, Value = OpenApiExamples.Of(t) });
            }
            else if (status is >= 200 and < 300)
            {
                var type = context.Description.SupportedResponseTypes.FirstOrDefault(r => r.StatusCode == status)?.Type;
                if (type is not null && OpenApiExamples.Of(type) is { } example && concrete.Content?.TryGetValue("application/json", out var json) == true)
                {
                    json.Example = example;
                }
            }
        }

        return Task.CompletedTask;
    }

    private static void AddAnswerHeaders(string? operationId, int status, OpenApiResponse response)
    {
        var headers = response.Headers!;
        if (operationId == "getObject" && status == StatusCodes.Status200OK)
        {
            headers["ETag"] = Header("The object's version, quoted (`\"7\"`): it grows with every accepted write.", "\"7\"");
            headers[ObjectsApi.FencingFenceHeader] = Header("The fence of the write that produced these bytes.", "42", JsonSchemaType.Integer);
            headers["Last-Modified"] = Header("When that write was accepted, by the server's wall clock.", "Thu, 01 Jan 2026 12:00:00 GMT");
        }

        if (operationId == "getLeader" && status is StatusCodes.Status200OK or StatusCodes.Status404NotFound)
        {
            headers[ElectionsApi.IndexHeader] = Header("The election's index: it grows whenever leadership or the value changes. Pass it as `?index=` to wait for the next change.", "85", JsonSchemaType.Integer);
        }

        // The rate limiter and the fault handler (an unreachable database) set it; a not-ready probe answers without it.
        if (status == StatusCodes.Status429TooManyRequests
            || (status == StatusCodes.Status503ServiceUnavailable && operationId != "getReady")
            || (operationId is "acquireLease" or "campaign" or "acquirePermit" && status == StatusCodes.Status409Conflict))
        {
            headers["Retry-After"] = Header("Whole seconds to wait before asking again (at least 1).", "1", JsonSchemaType.Integer);
        }
    }

    private static OpenApiHeader Header(string description, string example, JsonSchemaType type = JsonSchemaType.String) => new()
    {
        Description = description,
        Schema = new OpenApiSchema { Type = type },
        Example = type == JsonSchemaType.Integer ? JsonValue.Create(long.Parse(example, CultureInfo.InvariantCulture)) : JsonValue.Create(example),
    };
}
