using System.Reflection;
using Leasehold.Runtime.Messaging;

namespace Leasehold.Runtime.Invocation;

/// <summary>
/// The location-transparent reference handed out by <see cref="IGrainFactory"/>: every interface call
/// becomes a <see cref="Message"/> for the router. Method descriptions are looked up in a frozen table.
/// </summary>
public class GrainProxy : DispatchProxy
{
    private GrainId _grainId;
    private GrainInterface? _interface;
    private IGrainCallRouter? _router;

    internal void Initialize(GrainId grainId, GrainInterface grainInterface, IGrainCallRouter router)
    {
        _grainId = grainId;
        _interface = grainInterface;
        _router = router;
    }

    /// <summary>
    /// A proxy of the same generated type for another grain: a shallow copy shares the generated type's own state (its
    /// table of interface methods), exactly what its constructor would have set, without reflection.
    /// </summary>
    internal GrainProxy CopyFor(GrainId grainId, GrainInterface grainInterface, IGrainCallRouter router)
    {
        var copy = (GrainProxy)MemberwiseClone();
        copy.Initialize(grainId, grainInterface, router);
        return copy;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (!_interface!.ByMethod.TryGetValue(targetMethod, out var method))
        {
            throw new NotSupportedException($"{targetMethod.Name} is not a grain method of {_interface.Name}.");
        }

        var response = _router!.InvokeAsync(_grainId, method, args ?? []);
        return method.AdaptResult(response);
    }

    public override string ToString() => _grainId.ToString();
}
