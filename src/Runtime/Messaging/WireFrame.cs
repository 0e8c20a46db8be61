using System.Text.Json;
using System.Text.Json.Serialization;

namespace Leasehold.Runtime.Messaging;

/// <summary>What travels in one frame between silos.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "k")]
[JsonDerivedType(typeof(Hello), "hello")]
[JsonDerivedType(typeof(ClientHello), "client-hello")]
[JsonDerivedType(typeof(HandshakeProof), "proof")]
[JsonDerivedType(typeof(Request), "req")]
[JsonDerivedType(typeof(Response), "res")]
[JsonDerivedType(typeof(Ping), "ping")]
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

    /// <summary>A grain call. <paramref name="TimeoutMs"/> is relative: the two silos' clocks are not comparable.</summary>
    public sealed record Request(
        long Id,
        string GrainType,
        string GrainKey,
        string Method,
        JsonElement[] Arguments,
        long TimeoutMs,
        string? TraceParent,
        int Hops,
        long MembershipVersion) : WireFrame;

    /// <summary>The answer to a request or a ping: a result, or an error.</summary>
    public sealed record Response(long Id, JsonElement? Result, WireError? Error, long MembershipVersion) : WireFrame;

    /// <summary>A liveness probe; answered with an empty response.</summary>
    public sealed record Ping(long Id) : WireFrame;
}

/// <summary>An exception that crossed silos: its kind (for well-known faults) and message.</summary>
internal sealed record WireError(string Kind, string Message);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WireFrame))]
internal sealed partial class WireJsonContext : JsonSerializerContext;
