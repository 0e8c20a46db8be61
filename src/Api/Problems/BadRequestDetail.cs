using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Leasehold.Api.Problems;

/// <summary>
/// What was wrong with a request the framework could not read, and what to send instead, in the API's words. The
/// framework's own messages name internal types and parameters (<c>Failed to read parameter "AcquireRequest body"</c>,
/// <c>System.Int64</c>), which tell a stranger about the code and not about their request.
/// </summary>
internal static partial class BadRequestDetail
{
    /// <summary>The problem type and detail for a request the framework refused to bind.</summary>
    public static (ProblemType Type, string Detail) Describe(BadHttpRequestException bad, HttpContext context) => bad.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => (ProblemType.PayloadTooLarge, TooLarge(context)),
        StatusCodes.Status415UnsupportedMediaType => (ProblemType.UnsupportedMediaType, UnsupportedMediaType(context.Request)),
        _ => (ProblemType.Validation, bad.InnerException is JsonException json ? Json(json, context) : Binding(bad)),
    };

    /// <summary>A body over the limit of its route, naming the limit in bytes.</summary>
    public static string TooLarge(HttpContext context) =>
        context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } limit
            ? $"The body is larger than this route takes: at most {limit} bytes. Send a smaller body."
            : "The body is larger than this route takes. Send a smaller body.";

    /// <summary>A JSON route sent something else, or nothing, as its media type.</summary>
    public static string UnsupportedMediaType(HttpRequest request) => string.IsNullOrEmpty(request.ContentType)
        ? "This route takes a JSON body: send it with the header Content-Type: application/json (the request sent no Content-Type)."
        : $"This route takes a JSON body: send it with the header Content-Type: application/json, not '{Shorten(request.ContentType)}'.";

    /// <summary>
    /// A body that is not this route's JSON: where it broke (line and byte, from the reader), which member was of the
    /// wrong kind or unknown, and the shape the route takes.
    /// </summary>
    internal static string Json(JsonException json, HttpContext context)
    {
        var shape = Shape(context);
        var where = json.LineNumber is { } line && json.BytePositionInLine is { } position ? $" (line {line + 1}, byte {position + 1} of the body)" : string.Empty;
        var send = shape is null ? " See /openapi/v1.json for the body this route takes." : $" Send a JSON object like {shape.Text}.";

        if (UnmappedMember().Match(json.Message) is { Success: true } unmapped)
        {
            return $"The body has a member '{Shorten(unmapped.Groups["name"].Value)}' that this route does not take{where}; check its spelling.{send}";
        }

        var member = json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        if (member is not null && shape?.Kinds.TryGetValue(member, out var kind) == true)
        {
            return $"{member} must be {kind}{where}.{send}";
        }

        if (json.Path == "$" && json.InnerException is null or InvalidOperationException)
        {
            return $"The body must be one JSON object{where}.{send}";
        }

        var complaint = ReaderComplaint(json.Message);
        return complaint is null ? $"The body is not valid JSON{where}.{send}" : $"The body is not valid JSON{where}: {complaint}{send}";
    }

    /// <summary>A route or query value of the wrong kind, or a required one missing.</summary>
    internal static string Binding(BadHttpRequestException bad)
    {
        if (BindFailure().Match(bad.Message) is { Success: true } failure)
        {
            return $"{failure.Groups["name"].Value} must be {KindOfParameter(failure.Groups["type"].Value)}; '{Shorten(failure.Groups["value"].Value)}' is not.";
        }

        if (RequiredMissing().Match(bad.Message) is { Success: true } missing)
        {
            return $"{missing.Groups["name"].Value} is required (see /openapi/v1.json).";
        }

        return bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase)
            ? "The body could not be read as this route's JSON (see /openapi/v1.json)."
            : "A route or query value could not be read (see /openapi/v1.json).";
    }

    /// <summary>The JSON shape of the route's body, as <c>{"holder": string, "ttlMs": number}</c>, or null if it takes none.</summary>
    private static BodyShape? Shape(HttpContext context)
    {
        // The exception handler clears the endpoint before it runs; the feature keeps the one that refused the body.
        var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        var type = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        if (type is null)
        {
            return null;
        }

        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        if (!options.TryGetTypeInfo(type, out var info) || info.Kind != JsonTypeInfoKind.Object)
        {
            return null;
        }

        var kinds = info.Properties.ToDictionary(p => p.Name, p => KindOf(p.PropertyType), StringComparer.Ordinal);
        var text = "{" + string.Join(", ", info.Properties.Select(p => $"\"{p.Name}\": {Placeholder(p.PropertyType)}")) + "}";
        return new BodyShape(text, kinds);
    }

    private static string KindOf(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(long) || t == typeof(int) => "a whole number without quotes, like 1000",
        var t when t == typeof(double) => "a number without quotes, like 0.5",
        var t when t == typeof(bool) => "true or false",
        var t when t == typeof(string) => "text in double quotes, like \"worker-1\"",
        _ => "a JSON object (see /openapi/v1.json)",
    };

    private static string Placeholder(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(long) || t == typeof(int) || t == typeof(double) => "number",
        var t when t == typeof(bool) => "true|false",
        var t when t == typeof(string) => "\"text\"",
        _ => "{...}",
    };

    // The framework spells the type as C# does ("int?") or by its generic name ("Nullable<int>").
    private static string KindOfParameter(string type) => type.Replace("Nullable<", string.Empty, StringComparison.Ordinal).TrimEnd('?', '>') switch
    {
        "int" or "long" or "Int32" or "Int64" => "a whole number",
        "double" or "Double" => "a number",
        "bool" or "Boolean" => "true or false",
        _ => "a value of the kind /openapi/v1.json gives",
    };

    /// <summary>The JSON reader's own complaint without its path suffix, unless it names a type.</summary>
    private static string? ReaderComplaint(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        var text = (cut >= 0 ? message[..cut] : message).Trim();
        return text.Length == 0 || text.Contains("System.", StringComparison.Ordinal) || text.Contains("Leasehold.", StringComparison.Ordinal)
               || text.Contains(".NET", StringComparison.Ordinal) || text.Contains("Microsoft.", StringComparison.Ordinal)
            ? null
            : text;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    private sealed record BodyShape(string Text, IReadOnlyDictionary<string, string> Kinds);

    [GeneratedRegex("The JSON property '(?<name>.*?)' could not be mapped", RegexOptions.Singleline)]
    private static partial Regex UnmappedMember();

    // "Failed to bind parameter "int? limit" from "abc"."
    [GeneratedRegex("^Failed to bind parameter \"(?<type>[^\" ]*) (?<name>[^\"]+)\" from \"(?<value>.*)\"\\.?$", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    // "Required parameter "int limit" was not provided from query string."
    [GeneratedRegex("^Required parameter \"(?<type>[^\" ]*) (?<name>[^\"]+)\" was not provided", RegexOptions.Singleline)]
    private static partial Regex RequiredMissing();
}
