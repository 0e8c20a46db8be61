using System.Reflection;

namespace Leasehold.Runtime.Invocation;

/// <summary>
/// One method of a grain interface, with its invoker and result adapter compiled once when the
/// interface is first used, so a call costs no reflection.
/// </summary>
internal sealed class GrainMethod
{
    public GrainMethod(
        string id,
        MethodInfo method,
        bool alwaysInterleave,
        Func<object, object?[], Task<object?>> invoke,
        Func<Task<object?>, object> adaptResult)
    {
        Id = id;
        Method = method;
        AlwaysInterleave = alwaysInterleave;
        Invoke = invoke;
        AdaptResult = adaptResult;
        ParameterTypes = [.. method.GetParameters().Select(p => p.ParameterType)];
        ResultType = method.ReturnType.IsGenericType ? method.ReturnType.GetGenericArguments()[0] : null;
    }

    /// <summary>The declared parameter types: what arguments are serialized as between silos.</summary>
    public Type[] ParameterTypes { get; }

    /// <summary>The T of Task&lt;T&gt; or ValueTask&lt;T&gt;; null for Task and ValueTask.</summary>
    public Type? ResultType { get; }

    /// <summary>A stable name: interface full name, '.', method name. Overloads are not allowed on grain interfaces.</summary>
    public string Id { get; }

    public MethodInfo Method { get; }

    public bool AlwaysInterleave { get; }

    /// <summary>Calls the method on a grain instance and boxes its result.</summary>
    public Func<object, object?[], Task<object?>> Invoke { get; }

    /// <summary>Turns the boxed response into what the interface method returns (Task, Task&lt;T&gt;, ValueTask, ValueTask&lt;T&gt;).</summary>
    public Func<Task<object?>, object> AdaptResult { get; }

    public override string ToString() => Id;
}
