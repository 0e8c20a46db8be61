using System.Text.Json.Serialization;

namespace Leasehold.Chaos.Recording;

/// <summary>What the client knows about an operation's effect once it completed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OperationOutcome>))]
public enum OperationOutcome
{
    /// <summary>It happened: 200 or 204.</summary>
    [JsonStringEnumMemberName("ok")]
    Ok,

    /// <summary>
    /// It did not happen: a refusal (409, 410, 4xx), 503 (the contract's "nothing happened, retry"), or a
    /// connection that was refused before the request was sent.
    /// </summary>
    [JsonStringEnumMemberName("fail")]
    Fail,

    /// <summary>It may or may not have happened: 504, a 5xx the contract does not name, a reset connection, a client timeout.</summary>
    [JsonStringEnumMemberName("unknown")]
    Unknown,
}
