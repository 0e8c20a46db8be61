using System.Text.Json;
using System.Text.Json.Nodes;
using Leasehold.Api.Contracts;
using Leasehold.Api.Problems;

namespace Leasehold.Api.OpenApi;

/// <summary>
/// One example of each JSON body, made from the contract types themselves and written by the API's own serializer, so an
/// example cannot drift from its schema (a test checks each against its schema all the same).
/// </summary>
internal static class OpenApiExamples
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private const string Silo = "127.0.0.1:11111";
    private const string SiloName = "127.0.0.1:11111@114152317";
    private const string OtherSiloName = "127.0.0.1:11112@114152320";
    private const string PausedSiloName = "127.0.0.1:11113@114152322";
    private const string SessionId = "5f0c9a6e1b2d4c8f9e7a3b1d2c4e6f80";
    /// <summary>The example lease's fencing token (its shape, not a valid signature).</summary>
    public const string Token = "eyJyIjoib3JkZXJzIiwiZiI6NDJ9.c2lnbmF0dXJl";

    private static readonly Dictionary<Type, object> Bodies = new()
    {
        [typeof(AcquireRequest)] = new AcquireRequest("worker-1", 30_000, 5_000, Mode: LeaseModes.Exclusive),
        [typeof(RenewRequest)] = new RenewRequest("0f8e4b2c9d", 30_000),
        [typeof(ReleaseRequest)] = new ReleaseRequest("0f8e4b2c9d"),
        [typeof(LeaseResponse)] = new LeaseResponse("orders", "worker-1", "0f8e4b2c9d", 42, Token, 30_000, At.AddSeconds(30), LeaseModes.Exclusive),
        [typeof(LeaseStateResponse)] = new LeaseStateResponse("orders", true, null, 43, At.AddSeconds(30), 29_500, 1, LeaseModes.Shared, 2,
            [new SharedHolderResponse("reader-1", 43, At.AddSeconds(20)), new SharedHolderResponse("reader-2", 43, At.AddSeconds(30))]),
        [typeof(CampaignRequest)] = new CampaignRequest("node-1", "10.0.0.5:8080", 10_000, 5_000),
        [typeof(ProclaimRequest)] = new ProclaimRequest("0f8e4b2c9d", "10.0.0.6:8080"),
        [typeof(ResignRequest)] = new ResignRequest("0f8e4b2c9d"),
        [typeof(LeadershipResponse)] = new LeadershipResponse("scheduler", "election:scheduler", "node-1", "10.0.0.5:8080", "0f8e4b2c9d", 42, Token, 10_000, At.AddSeconds(10)),
        [typeof(LeaderResponse)] = new LeaderResponse("scheduler", "node-1", "10.0.0.5:8080", 42, At.AddSeconds(10), 9_500, 1, 85),
        [typeof(PermitRequest)] = new PermitRequest("worker-1", 30_000, 3, 5_000),
        [typeof(PermitRenewRequest)] = new PermitRenewRequest(1, "0f8e4b2c9d", 30_000),
        [typeof(PermitReleaseRequest)] = new PermitReleaseRequest(1, "0f8e4b2c9d"),
        [typeof(PermitResponse)] = new PermitResponse("encoders", 3, 1, "semaphore:encoders:1", "worker-1", "0f8e4b2c9d", 7, Token, 30_000, At.AddSeconds(30)),
        [typeof(SemaphoreResponse)] = new SemaphoreResponse("encoders", 3,
            [new HeldPermitResponse(0, "worker-2", 12, At.AddSeconds(20), 19_500), new HeldPermitResponse(1, "worker-1", 7, At.AddSeconds(30), 29_500)], 0),
        [typeof(WriteResponse)] = new WriteResponse("orders", 7, 42),
        [typeof(ObjectListResponse)] = new ObjectListResponse("orders.",
            [new ObjectListItem("orders.2026-01-01", 3, 41, "text/csv", 1_024, At), new ObjectListItem("orders.2026-01-02", 7, 42, "text/csv", 2_048, At.AddHours(1))],
            "orders.2026-01-02"),
        [typeof(HeldLeasesResponse)] = new HeldLeasesResponse(SiloName, 2,
            [new HeldLeaseResponse("orders", "worker-1", 42, At.AddSeconds(30), 29_500, SiloName), new HeldLeaseResponse("billing", "worker-2", 7, At.AddSeconds(45), 44_800, OtherSiloName)],
            [
                new SiloLeasesResponse(SiloName, true, 1, new FaultsResponse(SiloName, false, false, 0, [], 0), null),
                new SiloLeasesResponse(OtherSiloName, true, 1, new FaultsResponse(OtherSiloName, false, false, -30_000, [new NetworkFaultResponse("127.0.0.1:11113", false, 200)], 50), null),
                new SiloLeasesResponse(PausedSiloName, false, null, null, "no answer within 2000 ms (Api:SiloAnswerTimeout)"),
            ],
            [PausedSiloName]),
        [typeof(StatsResponse)] = new StatsResponse(Silo, 10, 120.5, 4.2, 0.1, 48_210, 1_690, 12,
            [new RejectedWriteResponse(At, "orders", "orders", 41, 42, "stale-fence", "The token's fence 41 is below the highest fence 42 written to 'orders'.", "4bf92f3577b34da6a3ce929d0e0e4736")]),
        [typeof(ClusterResponse)] = new ClusterResponse(3, Silo, [new SiloResponse(Silo, 1, "Active", At, At.AddSeconds(55))], 4),
        [typeof(LeaseWatchResponse)] = new LeaseWatchResponse("orders", 12, false,
            [new LeaseEventResponse(12, "granted", "orders", "worker-1", 42, At, At.AddSeconds(30), Mode: LeaseModes.Exclusive)],
            new LeaseStateResponse("orders", true, "worker-1", 42, At.AddSeconds(30), 29_500, 0, LeaseModes.Exclusive, 0, [])),
        [typeof(ObjectWatchResponse)] = new ObjectWatchResponse("orders.txt", 7, false,
            [new ObjectEventResponse(7, "written", "orders.txt", 7, 42, "text/plain", 12, At)],
            new ObjectStateResponse("orders.txt", true, 7, 42, "text/plain", 12, At)),
        [typeof(HealthResponse)] = new HealthResponse("ready", Silo),
        [typeof(PauseRequest)] = new PauseRequest(5_000),
        [typeof(NetworkFaultRequest)] = new NetworkFaultRequest("127.0.0.1:11112", true, null),
        [typeof(OpenSessionRequest)] = new OpenSessionRequest("worker-1", 10_000),
        [typeof(SessionResponse)] = new SessionResponse(SessionId, "worker-1", 10_000, true, At.AddSeconds(10), 9_800,
            [new SessionLeaseResponse("orders", 42), new SessionLeaseResponse("billing", 7)], null),
        [typeof(SessionClosedResponse)] = new SessionClosedResponse(SessionId, 2),
        [typeof(ClockFaultRequest)] = new ClockFaultRequest(-30_000, 50),
        [typeof(FaultsResponse)] = new FaultsResponse(SiloName, false, false, 0, [new NetworkFaultResponse("127.0.0.1:11112", true, 0)], 0),
    };

    /// <summary>The example body of <paramref name="type"/> as JSON, or null for a type without one.</summary>
    public static JsonNode? Of(Type type) =>
        Bodies.TryGetValue(type, out var body) ? JsonSerializer.SerializeToNode(body, ApiJsonContext.Default.GetTypeInfo(type)!) : null;

    /// <summary>A problem body of <paramref name="type"/>, as the API writes it.</summary>
    public static JsonNode Of(ProblemType type) => new JsonObject
    {
        ["type"] = type.Uri,
        ["title"] = type.Title,
        ["status"] = type.Status,
        ["detail"] = Details.GetValueOrDefault(type.Name, type.Title + "."),
    };

    private static readonly Dictionary<string, string> Details = new(StringComparer.Ordinal)
    {
        [ProblemType.Validation.Name] = "ttlMs: must be from 100 to 3600000 milliseconds",
        [ProblemType.LeaseHeld.Name] = "The lease on 'orders' is held by 'worker-2'.",
        [ProblemType.LeaseLost.Name] = "The lease on 'orders' is lost: it expired. Stop acting under it; acquire again for a new fence.",
        [ProblemType.StaleFencingToken.Name] = "The token's fence 41 is below the highest fence 42 written to 'orders': a newer lease holder wrote first.",
        [ProblemType.InvalidFencingToken.Name] = "The fencing token is refused: its signature does not match.",
        [ProblemType.SharedLease.Name] = "The token is for a shared lease (fence 42): shared holders read, they do not write 'orders.txt'. Acquire the lease in exclusive mode to write.",
        [ProblemType.FencingTokenRequired.Name] = "Send the token of your lease as the Fencing-Token header; writes without one are refused.",
        [ProblemType.ObjectNotFound.Name] = "No object 'orders' has been written.",
        [ProblemType.SemaphoreFull.Name] = "All 3 permits of semaphore 'encoders' are taken (3 held, the rest about to be granted or in their lock delay).",
        [ProblemType.PermitsMismatch.Name] = "Semaphore 'encoders' has 3 permits, not 5: its first acquire fixed the number. Ask with permits=3.",
        [ProblemType.NoLeader.Name] = "Nobody leads election 'scheduler'.",
        [ProblemType.SessionLost.Name] = "Session '5f0c9a6e1b2d4c8f9e7a3b1d2c4e6f80' has ended: the session expired: it was not kept alive within its TTL. Its leases are gone; stop acting under them and open a new session.",
        [ProblemType.VersionMismatch.Name] = "If-Match: \"6\" does not hold: 'orders' is at version 7. Nothing was changed; read it again and decide.",
        [ProblemType.TooManyWatches.Name] = "This node serves as many watches as Watches:MaxWatches allows; try again later or ask another node.",
        [ProblemType.Unauthorized.Name] = "Send an API key as Authorization: Bearer <key>.",
    };
}
