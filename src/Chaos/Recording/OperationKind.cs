using System.Text.Json.Serialization;

namespace Leasehold.Chaos.Recording;

/// <summary>What a recorded operation asked the service to do.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OperationKind>))]
public enum OperationKind
{
    /// <summary><c>POST /v1/leases/{resource}/acquire</c>.</summary>
    [JsonStringEnumMemberName("acquire")]
    Acquire,

    /// <summary><c>POST /v1/leases/{resource}/renew</c>.</summary>
    [JsonStringEnumMemberName("renew")]
    Renew,

    /// <summary><c>POST /v1/leases/{resource}/release</c>.</summary>
    [JsonStringEnumMemberName("release")]
    Release,

    /// <summary><c>PUT /v1/objects/{key}</c> with a fencing token.</summary>
    [JsonStringEnumMemberName("write")]
    Write,

    /// <summary><c>DELETE /v1/objects/{key}</c> with a fencing token: a write of a tombstone.</summary>
    [JsonStringEnumMemberName("delete")]
    Delete,

    /// <summary><c>GET /v1/objects/{key}</c>.</summary>
    [JsonStringEnumMemberName("read")]
    Read,

    /// <summary><c>GET /v1/leases/{resource}</c>: a sample of the service's own view of the lease.</summary>
    [JsonStringEnumMemberName("get-lease")]
    GetLease,

    /// <summary><c>POST /v1/elections/{name}/campaign</c>: for the checker, an acquire of the election's lease <c>election:NAME</c>.</summary>
    [JsonStringEnumMemberName("campaign")]
    Campaign,

    /// <summary><c>POST /v1/elections/{name}/proclaim</c>: for the checker, a renewal (a proclaim renews the term by its TTL).</summary>
    [JsonStringEnumMemberName("proclaim")]
    Proclaim,

    /// <summary><c>POST /v1/elections/{name}/resign</c>: for the checker, a release.</summary>
    [JsonStringEnumMemberName("resign")]
    Resign,

    /// <summary><c>GET /v1/elections/{name}/leader</c>: for the checker, a sample of the election's lease.</summary>
    [JsonStringEnumMemberName("get-leader")]
    GetLeader,

    /// <summary><c>POST /v1/semaphores/{name}/acquire</c>: for the checker, an acquire of the granted slot's lease <c>semaphore:NAME:SLOT</c> (of any slot, when the outcome is unknown).</summary>
    [JsonStringEnumMemberName("acquire-permit")]
    AcquirePermit,

    /// <summary><c>POST /v1/semaphores/{name}/renew</c>: for the checker, a renewal of the slot's lease.</summary>
    [JsonStringEnumMemberName("renew-permit")]
    RenewPermit,

    /// <summary><c>POST /v1/semaphores/{name}/release</c>: for the checker, a release of the slot's lease.</summary>
    [JsonStringEnumMemberName("release-permit")]
    ReleasePermit,

    /// <summary><c>POST /v1/sessions</c>: opens a session (one TTL and one keep-alive for many leases).</summary>
    [JsonStringEnumMemberName("session-open")]
    OpenSession,

    /// <summary><c>POST /v1/sessions/{id}/keepalive</c>: extends the session by its TTL and renews every lease it holds.</summary>
    [JsonStringEnumMemberName("session-keepalive")]
    KeepAliveSession,

    /// <summary><c>DELETE /v1/sessions/{id}</c>: ends the session and every lease it holds.</summary>
    [JsonStringEnumMemberName("session-close")]
    CloseSession,
}
