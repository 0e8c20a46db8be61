using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Leasehold.Runtime.Activation;
using Leasehold.Runtime.Invocation;
using Leasehold.Storage;
using Leasehold.Runtime.Storage;

namespace Leasehold.Runtime.Messaging;

/// <summary>
/// Turns call arguments and results into JSON and back by their declared types, so a silo never trusts
/// a type name sent by a peer. Grain assemblies register their source-generated contexts as
/// <see cref="IJsonTypeInfoResolver"/> services; anything else falls back to reflection-based metadata.
/// </summary>
internal sealed class WireSerializer
{
    // Per thread, so serializing a call's arguments allocates only the block it returns.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_block;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_json;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private readonly JsonSerializerOptions _options;

    public WireSerializer(IEnumerable<IJsonTypeInfoResolver> resolvers)
    {
        _options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine([.. resolvers, new DefaultJsonTypeInfoResolver()]),
        };
    }

    /// <summary>
    /// The arguments as one block: their count, then each one's JSON (by its declared parameter type) behind a 4-byte
    /// length, so the receiver reads each straight into its parameter type.
    /// </summary>
    public byte[] SerializeArguments(GrainMethod method, object?[] arguments)
    {
        var block = t_block ??= new ArrayBufferWriter<byte>(256);
        var json = t_json ??= new ArrayBufferWriter<byte>(256);
        var writer = t_writer ??= new Utf8JsonWriter(json);
        block.ResetWrittenCount();
        var wire = new WireWriter(block);
        wire.Int32(arguments.Length);
        for (var i = 0; i < arguments.Length; i++)
        {
            json.ResetWrittenCount();
            writer.Reset(json);
            JsonSerializer.Serialize(writer, arguments[i], method.ParameterTypes[i], _options);
            writer.Flush();
            wire.Bytes(json.WrittenSpan);
        }

        return block.WrittenSpan.ToArray();
    }

    /// <summary>Reads a block <see cref="SerializeArguments"/> wrote; a block of the wrong shape is an <see cref="InvalidFrameException"/>.</summary>
    public object?[] DeserializeArguments(GrainMethod method, ReadOnlyMemory<byte> block)
    {
        var reader = new WireReader(block.Span);
        var count = reader.Int32();
        if (count != method.ParameterTypes.Length)
        {
            throw new InvalidFrameException($"{method.Id} takes {method.ParameterTypes.Length} arguments, the request carried {count}.");
        }

        var arguments = new object?[count];
        for (var i = 0; i < count; i++)
        {
            arguments[i] = JsonSerializer.Deserialize(reader.Block(), method.ParameterTypes[i], _options);
        }

        reader.End();
        return arguments;
    }

    /// <summary>The result as JSON of the method's declared result type; empty for a method without one.</summary>
    public byte[] SerializeResult(GrainMethod method, object? result) =>
        method.ResultType is { } type ? JsonSerializer.SerializeToUtf8Bytes(result, type, _options) : [];

    public object? DeserializeResult(GrainMethod method, ReadOnlyMemory<byte> result) =>
        method.ResultType is { } type && !result.IsEmpty ? JsonSerializer.Deserialize(result.Span, type, _options) : null;

    /// <summary>Well-known faults keep their meaning across silos (the API maps them to statuses); others become <see cref="RemoteGrainException"/>.</summary>
    public static WireError ToWire(Exception exception) => exception switch
    {
        GrainCallTimeoutException => new("timeout", exception.Message),
        InconsistentStateException => new("inconsistent-state", exception.Message),
        StorageUnavailableException => new("storage-unavailable", exception.Message),
        ActivationUnavailableException => new("activation-unavailable", exception.Message),
        SiloUnavailableException => new("silo-unavailable", exception.Message),
        SiloConnectionLostException => new("connection-lost", exception.Message),
        _ => new("remote", $"{exception.GetType().Name}: {exception.Message}"),
    };

    public static Exception FromWire(WireError error) => error.Kind switch
    {
        "timeout" => new GrainCallTimeoutException(error.Message),
        "inconsistent-state" => new InconsistentStateException(error.Message),
        "storage-unavailable" => new StorageUnavailableException(error.Message),
        "activation-unavailable" => new ActivationUnavailableException(error.Message),
        "silo-unavailable" => new SiloUnavailableException(error.Message),
        "connection-lost" => new SiloConnectionLostException(error.Message),
        _ => new RemoteGrainException(error.Message),
    };
}
