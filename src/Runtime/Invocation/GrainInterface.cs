using System.Collections.Frozen;
using System.Linq.Expressions;
using System.Reflection;

namespace Leasehold.Runtime.Invocation;

/// <summary>
/// The methods of one grain interface, described once. Invokers are compiled expression trees, so the
/// per-call cost is a delegate call, as with generated code.
/// </summary>
internal sealed class GrainInterface
{
    private static readonly MethodInfo BoxTaskOfT = typeof(GrainInterface).GetMethod(nameof(BoxTask), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo BoxValueTaskOfT = typeof(GrainInterface).GetMethod(nameof(BoxValueTask), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo UnboxTaskOfT = typeof(GrainInterface).GetMethod(nameof(UnboxTask), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo UnboxValueTaskOfT = typeof(GrainInterface).GetMethod(nameof(UnboxValueTask), BindingFlags.NonPublic | BindingFlags.Static)!;

    private GrainInterface(Type type, FrozenDictionary<MethodInfo, GrainMethod> byMethod, FrozenDictionary<string, GrainMethod> byId)
    {
        Type = type;
        ByMethod = byMethod;
        ById = byId;
    }

    public Type Type { get; }

    /// <summary>The stable name used in <see cref="GrainId.Type"/>.</summary>
    public string Name => Type.FullName!;

    public FrozenDictionary<MethodInfo, GrainMethod> ByMethod { get; }

    public FrozenDictionary<string, GrainMethod> ById { get; }

    public static GrainInterface Describe(Type interfaceType)
    {
        if (!interfaceType.IsInterface || !typeof(IGrain).IsAssignableFrom(interfaceType))
        {
            throw new ArgumentException($"{interfaceType} is not a grain interface.", nameof(interfaceType));
        }

        var methods = new Dictionary<MethodInfo, GrainMethod>();
        var ids = new Dictionary<string, GrainMethod>(StringComparer.Ordinal);
        foreach (var declaring in interfaceType.GetInterfaces().Append(interfaceType))
        {
            foreach (var method in declaring.GetMethods())
            {
                var id = $"{declaring.FullName}.{method.Name}";
                if (ids.ContainsKey(id))
                {
                    throw new NotSupportedException($"Grain interface method {id} is overloaded; give each overload its own name.");
                }

                var grainMethod = new GrainMethod(
                    id,
                    method,
                    method.GetCustomAttribute<AlwaysInterleaveAttribute>() is not null,
                    CompileInvoker(declaring, method),
                    CompileResultAdapter(method));
                methods[method] = grainMethod;
                ids[id] = grainMethod;
            }
        }

        return new GrainInterface(interfaceType, methods.ToFrozenDictionary(), ids.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private static Func<object, object?[], Task<object?>> CompileInvoker(Type declaring, MethodInfo method)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var parameters = method.GetParameters();
        var arguments = new Expression[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            arguments[i] = Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), parameters[i].ParameterType);
        }

        Expression call = Expression.Call(Expression.Convert(grain, declaring), method, arguments);
        var returnType = method.ReturnType;
        Expression body;
        if (returnType == typeof(Task))
        {
            body = Expression.Call(typeof(GrainInterface).GetMethod(nameof(BoxVoidTask), BindingFlags.NonPublic | BindingFlags.Static)!, call);
        }
        else if (returnType == typeof(ValueTask))
        {
            body = Expression.Call(typeof(GrainInterface).GetMethod(nameof(BoxVoidValueTask), BindingFlags.NonPublic | BindingFlags.Static)!, call);
        }
        else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            body = Expression.Call(BoxTaskOfT.MakeGenericMethod(returnType.GetGenericArguments()[0]), call);
        }
        else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            body = Expression.Call(BoxValueTaskOfT.MakeGenericMethod(returnType.GetGenericArguments()[0]), call);
        }
        else
        {
            throw new NotSupportedException($"Grain method {declaring.FullName}.{method.Name} must return Task, Task<T>, ValueTask or ValueTask<T>.");
        }

        return Expression.Lambda<Func<object, object?[], Task<object?>>>(body, grain, args).Compile();
    }

    private static Func<Task<object?>, object> CompileResultAdapter(MethodInfo method)
    {
        var returnType = method.ReturnType;
        if (returnType == typeof(Task))
        {
            return static task => (Task)task;
        }

        if (returnType == typeof(ValueTask))
        {
            return static task => new ValueTask(task);
        }

        var resultType = returnType.GetGenericArguments()[0];
        var unbox = returnType.GetGenericTypeDefinition() == typeof(Task<>)
            ? UnboxTaskOfT.MakeGenericMethod(resultType)
            : UnboxValueTaskOfT.MakeGenericMethod(resultType);
        return unbox.CreateDelegate<Func<Task<object?>, object>>();
    }

    private static async Task<object?> BoxVoidTask(Task task)
    {
        await task;
        return null;
    }

    private static async Task<object?> BoxVoidValueTask(ValueTask task)
    {
        await task;
        return null;
    }

    private static async Task<object?> BoxTask<T>(Task<T> task) => await task;

    private static async Task<object?> BoxValueTask<T>(ValueTask<T> task) => await task;

    // These two are bound to Func<Task<object?>, object> delegates, so they must return object.
#pragma warning disable CA1859
    private static object UnboxTask<T>(Task<object?> task) => Unbox<T>(task);

    private static object UnboxValueTask<T>(Task<object?> task) => new ValueTask<T>(Unbox<T>(task));
#pragma warning restore CA1859

    private static async Task<T> Unbox<T>(Task<object?> task) => (T)(await task.ConfigureAwait(false))!;
}
