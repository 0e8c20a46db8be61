using System.Text.Json.Serialization;

namespace Leasehold.Chaos.Checking;

/// <summary>Which checked property an anomaly breaks (docs/chaos.md explains each and why the check is sound).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AnomalyKind>))]
public enum AnomalyKind
{
    /// <summary>(i) One fence of a resource was granted to two different leases (or reported held by a holder it was not granted to).</summary>
    [JsonStringEnumMemberName("fence-granted-twice")]
    FenceGrantedTwice,

    /// <summary>(ii) A write was acknowledged with a fence below that of a write on the same key acknowledged before it was sent.</summary>
    [JsonStringEnumMemberName("stale-write-acknowledged")]
    StaleWriteAcknowledged,

    /// <summary>(iii) A read (a final read after healing, or any read) does not reflect a write acknowledged before it was sent, or returns a value no write could have produced.</summary>
    [JsonStringEnumMemberName("acknowledged-write-lost")]
    AcknowledgedWriteLost,

    /// <summary>(iv) The service granted a newer fence while, in its own reported view, an older lease on the resource was still unexpired.</summary>
    [JsonStringEnumMemberName("two-unexpired-leases")]
    TwoUnexpiredLeases,

    /// <summary>A semaphore had more unexpired permits at once than its number, in the service's own view, or granted a slot at or past it.</summary>
    [JsonStringEnumMemberName("too-many-permits")]
    TooManyPermits,

    /// <summary>An answer the API contract does not allow for the operation (a 500, a 403 for a token the service issued, …).</summary>
    [JsonStringEnumMemberName("outside-contract")]
    OutsideContract,

    /// <summary>A write or delete under a shared (reader's) token was acknowledged: only an exclusive holder may write.</summary>
    [JsonStringEnumMemberName("shared-write-accepted")]
    SharedWriteAccepted,

    /// <summary>(ix) After a session's end was acknowledged, it was answered open, or a lease it was granted was reported still held.</summary>
    [JsonStringEnumMemberName("session-lease-outlived-session")]
    SessionLeaseOutlivedSession,

    /// <summary>A key with acknowledged writes has no successful final read, so (iii) could not be checked at the end.</summary>
    [JsonStringEnumMemberName("no-final-read")]
    NoFinalRead,

    /// <summary>(vii) A watcher's stream skipped an id without a reset, or went back to (or repeated) an id it had already passed.</summary>
    [JsonStringEnumMemberName("watch-gap")]
    WatchGap,

    /// <summary>(viii) One id of one lease (or one version of one object) was told as two different changes, to two watchers or across reconnections.</summary>
    [JsonStringEnumMemberName("watch-events-disagree")]
    WatchEventsDisagree,

    /// <summary>A watch event names a fence with a holder (or mode) other than the one an acknowledged grant of that fence named.</summary>
    [JsonStringEnumMemberName("watch-contradicts-history")]
    WatchContradictsHistory,
}
