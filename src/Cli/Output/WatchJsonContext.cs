using System.Text.Json;
using System.Text.Json.Serialization;

namespace Leasehold.Cli.Output;

/// <summary>Source-generated JSON for watch events: one compact object a line (NDJSON), nulls left out.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WatchEventOutput))]
internal sealed partial class WatchJsonContext : JsonSerializerContext;
