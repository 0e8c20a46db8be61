using System.Text.Json;
using System.Text.Json.Serialization;
using Leasehold.Api.Contracts;

namespace Leasehold.Api;

/// <summary>Source-generated JSON for the API's bodies (camelCase, as the web defaults).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AcquireRequest))]
[JsonSerializable(typeof(RenewRequest))]
[JsonSerializable(typeof(ReleaseRequest))]
[JsonSerializable(typeof(LeaseResponse))]
[JsonSerializable(typeof(LeaseStateResponse))]
[JsonSerializable(typeof(CampaignRequest))]
[JsonSerializable(typeof(ProclaimRequest))]
[JsonSerializable(typeof(ResignRequest))]
[JsonSerializable(typeof(LeadershipResponse))]
[JsonSerializable(typeof(LeaderResponse))]
[JsonSerializable(typeof(PermitRequest))]
[JsonSerializable(typeof(PermitRenewRequest))]
[JsonSerializable(typeof(PermitReleaseRequest))]
[JsonSerializable(typeof(PermitResponse))]
[JsonSerializable(typeof(SemaphoreResponse))]
[JsonSerializable(typeof(WriteResponse))]
[JsonSerializable(typeof(ObjectListResponse))]
[JsonSerializable(typeof(ClusterResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(IndexResponse))]
[JsonSerializable(typeof(PauseRequest))]
[JsonSerializable(typeof(NetworkFaultRequest))]
[JsonSerializable(typeof(ClockFaultRequest))]
[JsonSerializable(typeof(FaultsResponse))]
[JsonSerializable(typeof(HeldLeasesResponse))]
[JsonSerializable(typeof(SiloLeasesResponse))]
[JsonSerializable(typeof(StatsResponse))]
[JsonSerializable(typeof(OpenSessionRequest))]
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(SessionClosedResponse))]
[JsonSerializable(typeof(LeaseEventResponse))]
[JsonSerializable(typeof(LeaseWatchResponse))]
[JsonSerializable(typeof(ObjectEventResponse))]
[JsonSerializable(typeof(ObjectWatchResponse))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
