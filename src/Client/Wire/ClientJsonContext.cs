using System.Text.Json;
using System.Text.Json.Serialization;

namespace Leasehold.Client.Wire;

/// <summary>Source-generated JSON for every body the client sends or reads (camelCase, as the server's web defaults).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AcquireBody))]
[JsonSerializable(typeof(RenewBody))]
[JsonSerializable(typeof(ReleaseBody))]
[JsonSerializable(typeof(LeaseBody))]
[JsonSerializable(typeof(CampaignBody))]
[JsonSerializable(typeof(ProclaimBody))]
[JsonSerializable(typeof(LeadershipBody))]
[JsonSerializable(typeof(ElectionLeader))]
[JsonSerializable(typeof(PermitBody))]
[JsonSerializable(typeof(PermitAcquireBody))]
[JsonSerializable(typeof(PermitRenewBody))]
[JsonSerializable(typeof(PermitReleaseBody))]
[JsonSerializable(typeof(SemaphoreState))]
[JsonSerializable(typeof(ProblemBody))]
[JsonSerializable(typeof(LeaseState))]
[JsonSerializable(typeof(HeldLeases))]
[JsonSerializable(typeof(WriteReceipt))]
[JsonSerializable(typeof(ObjectListPage))]
[JsonSerializable(typeof(ClusterStatus))]
[JsonSerializable(typeof(HealthStatus))]
[JsonSerializable(typeof(OpenSessionBody))]
[JsonSerializable(typeof(AcquireInSessionBody))]
[JsonSerializable(typeof(SessionInfo))]
[JsonSerializable(typeof(SessionClosed))]
[JsonSerializable(typeof(LeaseEventBody))]
[JsonSerializable(typeof(ObjectEventBody))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
