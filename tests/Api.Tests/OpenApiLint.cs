using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Leasehold.Api.Tests;

/// <summary>
/// The rules of Spectral's <c>oas</c> recommended ruleset that apply to an OpenAPI 3.1 document like ours, by their
/// Spectral names, so a warning here reads as Spectral would print it (no Spectral on this machine to run).
/// Example checking covers the schema keywords our document uses: type (with null), properties, required, items,
/// oneOf/anyOf, enum, pattern, format date-time, $ref to components.
/// </summary>
internal static partial class OpenApiLint
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    public static IReadOnlyList<string> Check(JsonObject document)
    {
        var warnings = new List<string>();
        void Warn(string rule, string path, string message) => warnings.Add($"{rule} at {path}: {message}");

        var info = document["info"] as JsonObject;
        if (info?["contact"] is not JsonObject)
        {
            Warn("info-contact", "info", "Info object must have a \"contact\" object.");
        }

        if (string.IsNullOrWhiteSpace((string?)info?["description"]))
        {
            Warn("info-description", "info", "Info \"description\" must be present and non-empty string.");
        }

        if (info?["license"] is not JsonObject)
        {
            Warn("info-license", "info", "Info object must have a \"license\" object.");
        }

        var servers = document["servers"] as JsonArray;
        if (servers is null || servers.Count == 0)
        {
            Warn("oas3-api-servers", "servers", "OpenAPI \"servers\" must be present and non-empty array.");
        }

        foreach (var (server, i) in (servers ?? []).Select((s, i) => (s, i)))
        {
            var url = (string?)server?["url"] ?? "";
            if (url.EndsWith('/'))
            {
                Warn("oas3-server-trailing-slash", $"servers[{i}]", "Server URL must not have trailing slash.");
            }

            if (url.Contains("example.com", StringComparison.OrdinalIgnoreCase))
            {
                Warn("oas3-server-not-example.com", $"servers[{i}]", "Server URL must not point at example.com.");
            }
        }

        var globalTags = (document["tags"] as JsonArray ?? []).Select(t => t as JsonObject).ToList();
        if (globalTags.Count == 0)
        {
            Warn("openapi-tags", "tags", "OpenAPI object must have non-empty \"tags\" array.");
        }

        foreach (var tag in globalTags)
        {
            if (string.IsNullOrWhiteSpace((string?)tag?["description"]))
            {
                Warn("tag-description", $"tags.{tag?["name"]}", "Tag object must have \"description\".");
            }
        }

        var tagNames = globalTags.Select(t => (string?)t?["name"]).ToHashSet();
        var operationIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (pathKey, pathItem) in document["paths"] as JsonObject ?? [])
        {
            if (pathKey.Length > 1 && pathKey.EndsWith('/'))
            {
                Warn("path-keys-no-trailing-slash", pathKey, "Path must not end with slash.");
            }

            if (pathKey.Contains("{}", StringComparison.Ordinal))
            {
                Warn("path-declarations-must-exist", pathKey, "Path parameter declarations must not be empty.");
            }

            var templated = TemplateParameter().Matches(pathKey).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            var shared = (pathItem?["parameters"] as JsonArray ?? []).Select(p => p as JsonObject).ToList();
            foreach (var method in Methods)
            {
                if (pathItem?[method] is not JsonObject operation)
                {
                    continue;
                }

                var at = $"paths.{pathKey}.{method}";
                var id = (string?)operation["operationId"];
                if (string.IsNullOrWhiteSpace(id))
                {
                    Warn("operation-operationId", at, "Operation must have \"operationId\".");
                }
                else
                {
                    if (!operationIds.TryAdd(id, at))
                    {
                        Warn("operation-operationId-unique", at, $"Every operation must have unique \"operationId\" ({id} is also at {operationIds[id]}).");
                    }

                    if (!ValidInUrl().IsMatch(id))
                    {
                        Warn("operation-operationId-valid-in-url", at, "operationId must not contain characters that are invalid when used in URL.");
                    }
                }

                if (string.IsNullOrWhiteSpace((string?)operation["description"]))
                {
                    Warn("operation-description", at, "Operation \"description\" must be present and non-empty string.");
                }

                if (string.IsNullOrWhiteSpace((string?)operation["summary"]))
                {
                    Warn("operation-summary", at, "Operation \"summary\" must be present and non-empty string.");
                }

                var tags = operation["tags"] as JsonArray ?? [];
                if (tags.Count == 0)
                {
                    Warn("operation-tags", at, "Operation must have non-empty \"tags\" array.");
                }

                foreach (var tag in tags.Select(t => (string?)t).Where(t => !tagNames.Contains(t)))
                {
                    Warn("operation-tag-defined", at, $"Operation tags must be defined in global tags ({tag}).");
                }

                var parameters = shared.Concat((operation["parameters"] as JsonArray ?? []).Select(p => p as JsonObject)).ToList();
                foreach (var duplicate in parameters.GroupBy(p => ((string?)p?["name"], (string?)p?["in"])).Where(g => g.Count() > 1))
                {
                    Warn("operation-parameters", at, $"A parameter in this operation already exposes the same combination of \"name\" and \"in\" values ({duplicate.Key}).");
                }

                var declared = parameters.Where(p => (string?)p?["in"] == "path").ToList();
                foreach (var name in templated.Where(n => declared.All(p => (string?)p?["name"] != n)))
                {
                    Warn("path-params", at, $"Operation must define parameter \"{{{name}}}\" as expected by path \"{pathKey}\".");
                }

                foreach (var parameter in declared)
                {
                    if (!templated.Contains((string?)parameter?["name"] ?? ""))
                    {
                        Warn("path-params", at, $"Operation parameter \"{parameter?["name"]}\" must be used in path \"{pathKey}\".");
                    }
                    else if (parameter?["required"]?.GetValue<bool>() != true)
                    {
                        Warn("path-params", at, $"Path parameter \"{parameter?["name"]}\" must have \"required\" property that is set to \"true\".");
                    }
                }

                var responses = operation["responses"] as JsonObject ?? [];
                if (!responses.Any(r => r.Key.StartsWith('2') || r.Key.StartsWith('3')))
                {
                    Warn("operation-success-response", at, "Operation must have at least one \"2xx\" or \"3xx\" response.");
                }

                foreach (var (code, response) in responses)
                {
                    if (response?["$ref"] is null && string.IsNullOrWhiteSpace((string?)response?["description"]))
                    {
                        Warn("oas3-schema", $"{at}.responses.{code}", "\"description\" property must be a non-empty string.");
                    }
                }

                foreach (var requirement in operation["security"] as JsonArray ?? [])
                {
                    foreach (var scheme in requirement as JsonObject ?? [])
                    {
                        if (document["components"]?["securitySchemes"]?[scheme.Key] is null)
                        {
                            Warn("oas3-operation-security-defined", at, $"\"{scheme.Key}\" must be defined in \"components.securitySchemes\".");
                        }
                    }
                }
            }
        }

        CheckMarkdown(document, "$", Warn);
        CheckExamples(document, document, "$", Warn);
        CheckUnusedComponents(document, Warn);
        return warnings;
    }

    /// <summary>oas3-valid-media-example and oas3-valid-schema-example: each example, where a schema stands beside it, satisfies it.</summary>
    private static void CheckExamples(JsonObject document, JsonNode? node, string at, Action<string, string, string> warn)
    {
        if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                CheckExamples(document, array[i], $"{at}[{i}]", warn);
            }

            return;
        }

        if (node is not JsonObject obj)
        {
            return;
        }

        if (obj["schema"] is JsonObject schema)
        {
            if (obj.ContainsKey("example"))
            {
                foreach (var error in Validate(document, schema, obj["example"], $"{at}.example"))
                {
                    warn("oas3-valid-media-example", $"{at}.example", error);
                }
            }

            foreach (var (name, example) in obj["examples"] as JsonObject ?? [])
            {
                if (example is JsonObject { } e && e.ContainsKey("value"))
                {
                    foreach (var error in Validate(document, schema, e["value"], $"{at}.examples.{name}"))
                    {
                        warn("oas3-valid-media-example", $"{at}.examples.{name}", error);
                    }
                }
            }
        }

        foreach (var (key, child) in obj)
        {
            CheckExamples(document, child, $"{at}.{key}", warn);
        }
    }

    /// <summary>oas3-unused-component: every component is referenced somewhere (security schemes by a security requirement).</summary>
    private static void CheckUnusedComponents(JsonObject document, Action<string, string, string> warn)
    {
        var refs = new HashSet<string>(StringComparer.Ordinal);
        Collect(document, refs);
        var schemesUsed = (document["security"] as JsonArray ?? [])
            .Concat((document["paths"] as JsonObject ?? []).SelectMany(p => (p.Value as JsonObject ?? []).SelectMany(o => o.Value?["security"] as JsonArray ?? [])))
            .SelectMany(r => (r as JsonObject ?? []).Select(s => s.Key))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (kind, components) in document["components"] as JsonObject ?? [])
        {
            foreach (var (name, _) in components as JsonObject ?? [])
            {
                var used = kind == "securitySchemes" ? schemesUsed.Contains(name) : refs.Contains($"#/components/{kind}/{name}");
                if (!used)
                {
                    warn("oas3-unused-component", $"components.{kind}.{name}", "Potentially unused component has been detected.");
                }
            }
        }

        static void Collect(JsonNode? node, HashSet<string> refs)
        {
            switch (node)
            {
                case JsonObject obj:
                    if (obj["$ref"] is JsonValue value && value.TryGetValue<string>(out var target))
                    {
                        refs.Add(target);
                    }

                    foreach (var (_, child) in obj)
                    {
                        Collect(child, refs);
                    }

                    break;
                case JsonArray array:
                    foreach (var child in array)
                    {
                        Collect(child, refs);
                    }

                    break;
            }
        }
    }

    /// <summary>no-eval-in-markdown and no-script-tags-in-markdown, over every title and description.</summary>
    private static void CheckMarkdown(JsonNode? node, string at, Action<string, string, string> warn)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    if (key is "description" or "title" && child is JsonValue v && v.TryGetValue<string>(out var text))
                    {
                        if (text.Contains("eval(", StringComparison.Ordinal))
                        {
                            warn("no-eval-in-markdown", $"{at}.{key}", "Markdown descriptions must not have \"eval(\".");
                        }

                        if (text.Contains("<script", StringComparison.OrdinalIgnoreCase))
                        {
                            warn("no-script-tags-in-markdown", $"{at}.{key}", "Markdown descriptions must not have \"<script>\" tags.");
                        }
                    }

                    CheckMarkdown(child, $"{at}.{key}", warn);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    CheckMarkdown(child, at, warn);
                }

                break;
        }
    }

    private static List<string> Validate(JsonObject document, JsonObject schema, JsonNode? value, string at, int depth = 0)
    {
        if (depth > 32)
        {
            return [$"{at}: schema nesting too deep to check"];
        }

        if ((string?)schema["$ref"] is { } reference)
        {
            var target = reference.StartsWith("#/", StringComparison.Ordinal)
                ? reference[2..].Split('/').Aggregate((JsonNode?)document, (n, part) => n?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)])
                : null;
            return target is JsonObject resolved ? Validate(document, resolved, value, at, depth + 1) : [$"{at}: $ref {reference} does not resolve"];
        }

        var errors = new List<string>();
        foreach (var keyword in new[] { "oneOf", "anyOf" })
        {
            if (schema[keyword] is JsonArray choices && !choices.Any(c => c is JsonObject s && Validate(document, s, value, at, depth + 1).Count == 0))
            {
                errors.Add($"{at}: matches no schema of {keyword}");
            }
        }

        var kind = KindOf(value);
        var types = schema["type"] switch
        {
            JsonArray list => list.Select(t => (string?)t).ToList(),
            JsonValue one => [(string?)one],
            _ => null,
        };
        if (types is not null && !types.Contains(kind) && !(kind == "integer" && types.Contains("number")))
        {
            errors.Add($"{at}: is {kind}, the schema wants {string.Join(" or ", types)}");
            return errors;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add($"{at}: is not one of the schema's enum");
        }

        switch (value)
        {
            case JsonObject obj:
                foreach (var required in schema["required"] as JsonArray ?? [])
                {
                    if (!obj.ContainsKey((string)required!))
                    {
                        errors.Add($"{at}: lacks the required property {required}");
                    }
                }

                var properties = schema["properties"] as JsonObject;
                foreach (var (name, child) in obj)
                {
                    if (properties?[name] is JsonObject property)
                    {
                        errors.AddRange(Validate(document, property, child, $"{at}.{name}", depth + 1));
                    }
                    else if (schema["additionalProperties"] is JsonValue extra && !extra.GetValue<bool>())
                    {
                        errors.Add($"{at}: has {name}, which the schema does not allow");
                    }
                }

                break;
            case JsonArray array when schema["items"] is JsonObject items:
                for (var i = 0; i < array.Count; i++)
                {
                    errors.AddRange(Validate(document, items, array[i], $"{at}[{i}]", depth + 1));
                }

                break;
            case JsonValue text when kind == "string":
                var s = text.GetValue<string>();
                if ((string?)schema["pattern"] is { } pattern && !Regex.IsMatch(s, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
                {
                    errors.Add($"{at}: \"{s}\" does not match the pattern {pattern}");
                }

                if ((string?)schema["format"] == "date-time" && !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    errors.Add($"{at}: \"{s}\" is not a date-time");
                }

                break;
        }

        return errors;
    }

    private static string KindOf(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => v.ToJsonString().IndexOfAny(['.', 'e', 'E']) < 0 ? "integer" : "number",
            _ => "null",
        },
        _ => "unknown",
    };

    [GeneratedRegex(@"\{([^}]*)\}")]
    private static partial Regex TemplateParameter();

    // Spectral's own pattern: the characters RFC 3986 allows unescaped in a URL.
    [GeneratedRegex(@"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]*$")]
    private static partial Regex ValidInUrl();
}
