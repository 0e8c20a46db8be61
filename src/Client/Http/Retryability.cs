namespace Leasehold.Client.Http;

/// <summary>Whether a request may be sent again when its first attempt's outcome is unknown.</summary>
internal enum Retryability
{
    /// <summary>Repeating it is harmless (a read, an acquire by the same holder, a renew or release by lease id).</summary>
    Idempotent,

    /// <summary>Repeat it only if it was certainly never sent (a write: a late duplicate could overwrite a newer value).</summary>
    OnlyIfNeverSent,
}
