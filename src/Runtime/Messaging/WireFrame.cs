namespace Leasehold.Runtime.Messaging;

/// <summary>What travels in one frame between silos; <see cref="WireCodec"/> turns each into bytes and back.</summary>
internal abstract record WireFrame
{
    private WireFrame()
    {
    }

    /// <summary>
    /// The first frame each side sends: who it is, and a fresh <paramref name="Nonce"/> for the other side to prove the
    /// cluster secret over. The accepting side's hello carries its <paramref name="Proof"/> over the connector's nonce.
    /// A peer of another cluster, or one that cannot prove the secret, is dropped.
    /// </summary>
    public sealed record Hello(string ClusterId, string Host, int Port, long Generation, long MembershipVersion, string Nonce = "", string? Proof = null) : WireFrame;

    /// <summary>The connecting side's proof of the cluster secret over the acceptor's nonce: the third frame of a handshake.</summary>
    public sealed record HandshakeProof(string Mac) : WireFrame;

    /// <summary>
    /// The first frame of a grain client (not a silo) connecting to a silo as its gateway: it is never placed
    /// on, probed or voted about; its requests are routed like any other and answered on its connection.
    /// </summary>
    public sealed record ClientHello(string ClusterId, string ClientId, string Nonce = "") : WireFrame;

    /// <summary>
    /// A grain call. <paramref name="Arguments"/> are the call's arguments as <see cref="WireSerializer"/> encoded them,
    /// by the method's declared parameter types. <paramref name="TimeoutMs"/> is relative: the two silos' clocks are not
    /// comparable.
    /// </summary>
    public sealed record Request(
        long Id,
        string GrainType,
        string GrainKey,
        string Method,
        ReadOnlyMemory<byte> Arguments,
        long TimeoutMs,
        string? TraceParent,
        int Hops,
        long MembershipVersion) : WireFrame;

    /// <summary>
    /// The answer to a request or a ping: the result as JSON of the method's declared result type (empty for a method
    /// without one, and for a ping), or an error.
    /// </summary>
    public sealed record Response(long Id, ReadOnlyMemory<byte> Result, WireError? Error, long MembershipVersion) : WireFrame;

    /// <summary>A liveness probe; answered with an empty response.</summary>
    public sealed record Ping(long Id) : WireFrame;
}

/// <summary>An exception that crossed silos: its kind (for well-known faults) and message.</summary>
internal sealed record WireError(string Kind, string Message);
