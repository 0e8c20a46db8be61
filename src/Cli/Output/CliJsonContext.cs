using System.Text.Json;
using System.Text.Json.Serialization;
using Leasehold.Client;

namespace Leasehold.Cli.Output;

/// <summary>Source-generated JSON for what the command line prints.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(LeaseOutput))]
[JsonSerializable(typeof(ReleaseOutput))]
[JsonSerializable(typeof(ObjectOutput))]
[JsonSerializable(typeof(LeaseState))]
[JsonSerializable(typeof(ElectionLeader))]
[JsonSerializable(typeof(SemaphoreState))]
[JsonSerializable(typeof(HeldLeases))]
[JsonSerializable(typeof(WriteReceipt))]
[JsonSerializable(typeof(List<ObjectEntry>))]
[JsonSerializable(typeof(ClusterStatus))]
[JsonSerializable(typeof(HealthStatus))]
[JsonSerializable(typeof(SessionInfo))]
[JsonSerializable(typeof(SessionClosed))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
