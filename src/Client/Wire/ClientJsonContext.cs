using System.Text.Json;
using System.Text.Json.Serialization;

namespace Leasehold.Client.Wire;

/// <summary>Source-generated JSON for every body the client sends or reads (camelCase, as the server's web defaults).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AcquireBody))]
[JsonSerializable(typeof(RenewBody))]
[JsonSerializable(typeof(ReleaseBody))]
[JsonSerializable(typeof(LeaseBody))]
[JsonSerializable(typeof(ProblemBody))]
[JsonSerializable(typeof(LeaseState))]
[JsonSerializable(typeof(HeldLeases))]
[JsonSerializable(typeof(WriteReceipt))]
[JsonSerializable(typeof(ClusterStatus))]
[JsonSerializable(typeof(HealthStatus))]
[JsonSerializable(typeof(LeaseEventBody))]
[JsonSerializable(typeof(ObjectEventBody))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
