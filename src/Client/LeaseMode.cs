using System.Text.Json.Serialization;
using Leasehold.Client.Wire;

namespace Leasehold.Client;

/// <summary>How a lease is held: <c>exclusive</c> (one holder, a writer) or <c>shared</c> (many at once, readers).</summary>
[JsonConverter(typeof(LeaseModeJsonConverter))]
public enum LeaseMode
{
    /// <summary>One holder at a time; its token writes. The default.</summary>
    Exclusive,

    /// <summary>
    /// Many holders at once while no exclusive holder holds it; its token cannot write (the store answers 403
    /// <see cref="ProblemTypes.SharedLease"/>). Its fence is the shared epoch's: no exclusive holder shares it.
    /// </summary>
    Shared,
}
