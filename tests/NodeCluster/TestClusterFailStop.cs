using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Leasehold.NodeCluster;

/// <summary>
/// Orleans' fail-stop inside a test process: a silo that learns it was declared dead (or hits any other fatal error)
/// ends with <c>Environment.FailFast</c> in production; here just that silo is killed, since the process hosts others.
/// </summary>
internal sealed partial class TestClusterFailStop(ILogger<TestClusterFailStop> logger) : IFatalErrorHandler
{
    public Func<Task>? Kill { get; set; }

    public bool IsUnexpected(Exception exception) => true;

    public void OnFatalException(object? sender = null, string? context = null, Exception? exception = null)
    {
        LogFailStop(logger, context, exception);
        // Off the Orleans loop that calls us: the kill waits for that loop to wind down.
        if (Kill is { } kill)
        {
            _ = Task.Run(kill);
        }
    }

    [LoggerMessage(EventId = 9100, Level = LogLevel.Warning, Message = "Fail-stop of a test silo ({Context}); killing just this silo")]
    private static partial void LogFailStop(ILogger logger, string? context, Exception? exception);
}
