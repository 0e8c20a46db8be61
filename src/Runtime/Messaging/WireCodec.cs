using System.Buffers;

namespace Leasehold.Runtime.Messaging;

/// <summary>
/// The payload of a frame (see <see cref="FrameCodec"/> for the length prefix around it): one byte saying which
/// <see cref="WireFrame"/> it is, then its fields in declaration order (<see cref="WireWriter"/>). A binary layout rather
/// than JSON: a grain call's frame is read and written without a parser, and its arguments travel as the bytes
/// <see cref="WireSerializer"/> made of them, not re-encoded inside a document.
/// </summary>
internal static class WireCodec
{
    private const byte HelloKind = 1;
    private const byte ClientHelloKind = 2;
    private const byte HandshakeProofKind = 3;
    private const byte RequestKind = 4;
    private const byte ResponseKind = 5;
    private const byte PingKind = 6;
    private const byte ResultFollows = 0;
    private const byte ErrorFollows = 1;

    public static void Write(IBufferWriter<byte> output, WireFrame frame)
    {
        var writer = new WireWriter(output);
        switch (frame)
        {
            case WireFrame.Request request:
                writer.Byte(RequestKind);
                writer.Int64(request.Id);
                writer.String(request.GrainType);
                writer.String(request.GrainKey);
                writer.String(request.Method);
                writer.Bytes(request.Arguments.Span);
                writer.Int64(request.TimeoutMs);
                writer.String(request.TraceParent);
                writer.Int32(request.Hops);
                writer.Int64(request.MembershipVersion);
                break;
            case WireFrame.Response response:
                writer.Byte(ResponseKind);
                writer.Int64(response.Id);
                writer.Int64(response.MembershipVersion);
                if (response.Error is { } error)
                {
                    writer.Byte(ErrorFollows);
                    writer.String(error.Kind);
                    writer.String(error.Message);
                }
                else
                {
                    writer.Byte(ResultFollows);
                    writer.Bytes(response.Result.Span);
                }

                break;
            case WireFrame.Ping ping:
                writer.Byte(PingKind);
                writer.Int64(ping.Id);
                break;
            case WireFrame.Hello hello:
                writer.Byte(HelloKind);
                writer.String(hello.ClusterId);
                writer.String(hello.Host);
                writer.Int32(hello.Port);
                writer.Int64(hello.Generation);
                writer.Int64(hello.MembershipVersion);
                writer.String(hello.Nonce);
                writer.String(hello.Proof);
                break;
            case WireFrame.ClientHello client:
                writer.Byte(ClientHelloKind);
                writer.String(client.ClusterId);
                writer.String(client.ClientId);
                writer.String(client.Nonce);
                break;
            case WireFrame.HandshakeProof proof:
                writer.Byte(HandshakeProofKind);
                writer.String(proof.Mac);
                break;
            default:
                throw new ArgumentException($"{frame.GetType().Name} is not a frame this codec writes.", nameof(frame));
        }
    }

    /// <summary>Reads one frame's payload; throws <see cref="InvalidFrameException"/> for anything that is not exactly one frame.</summary>
    public static WireFrame Read(ReadOnlySequence<byte> payload)
    {
        // A payload is bounded by the frame limit; one split across buffer segments is copied once to be read as a span.
        var reader = new WireReader(payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray());
        WireFrame frame = reader.Byte() switch
        {
            RequestKind => new WireFrame.Request(
                reader.Int64(), reader.String(), reader.String(), reader.String(), reader.BlockCopy(), reader.Int64(), reader.NullableString(), reader.Int32(), reader.Int64()),
            ResponseKind => ReadResponse(ref reader),
            PingKind => new WireFrame.Ping(reader.Int64()),
            HelloKind => new WireFrame.Hello(reader.String(), reader.String(), reader.Int32(), reader.Int64(), reader.Int64(), reader.String(), reader.NullableString()),
            ClientHelloKind => new WireFrame.ClientHello(reader.String(), reader.String(), reader.String()),
            HandshakeProofKind => new WireFrame.HandshakeProof(reader.String()),
            var kind => throw new InvalidFrameException($"A frame of unknown kind {kind}."),
        };
        reader.End();
        return frame;
    }

    private static WireFrame.Response ReadResponse(ref WireReader reader)
    {
        var id = reader.Int64();
        var version = reader.Int64();
        return reader.Byte() switch
        {
            ResultFollows => new WireFrame.Response(id, reader.BlockCopy(), null, version),
            ErrorFollows => new WireFrame.Response(id, ReadOnlyMemory<byte>.Empty, new WireError(reader.String(), reader.String()), version),
            var marker => throw new InvalidFrameException($"A response with unknown marker {marker}."),
        };
    }
}
