using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Leasehold.Runtime.Activation;
using Leasehold.Runtime.Invocation;
using Leasehold.Runtime.Storage;

namespace Leasehold.Runtime.Messaging;

/// <summary>
/// Turns call arguments and results into JSON and back by their declared types, so a silo never trusts
/// a type name sent by a peer. Grain assemblies register their source-generated contexts as
/// <see cref="IJsonTypeInfoResolver"/> services; anything else falls back to reflection-based metadata.
/// </summary>
internal sealed class WireSerializer
{
    private readonly JsonSerializerOptions _options;

    public WireSerializer(IEnumerable<IJsonTypeInfoResolver> resolvers)
    {
        _options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine([.. resolvers, new DefaultJsonTypeInfoResolver()]),
        };
    }

    public JsonElement[] SerializeArguments(GrainMethod method, object?[] arguments)
    {
        var elements = new JsonElement[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            elements[i] = JsonSerializer.SerializeToElement(arguments[i], method.ParameterTypes[i], _options);
        }

        return elements;
    }

    public object?[] DeserializeArguments(GrainMethod method, JsonElement[] elements)
    {
        if (elements.Length != method.ParameterTypes.Length)
        {
            throw new InvalidFrameException($"{method.Id} takes {method.ParameterTypes.Length} arguments, the request carried {elements.Length}.");
        }

        var arguments = new object?[elements.Length];
        for (var i = 0; i < elements.Length; i++)
        {
            arguments[i] = elements[i].Deserialize(method.ParameterTypes[i], _options);
        }

        return arguments;
    }

    public JsonElement? SerializeResult(GrainMethod method, object? result) =>
        method.ResultType is { } type ? JsonSerializer.SerializeToElement(result, type, _options) : null;

    public object? DeserializeResult(GrainMethod method, JsonElement? element) =>
        method.ResultType is { } type && element is { } value ? value.Deserialize(type, _options) : null;

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
