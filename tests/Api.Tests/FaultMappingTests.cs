using System.Net;
using Leasehold.Storage;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace Leasehold.Api.Tests;

/// <summary>Faults below the API become problems with the right status: never a bare 500, never a hang.</summary>
public sealed class FaultMappingTests
{
    [Fact]
    public async Task A_grain_call_without_an_answer_is_504_outcome_unknown()
    {
        var stalled = new StalledStore();
        await using var server = await ApiServer.StartAsync(
            configure: b => b.Services.AddSingleton<IFencedObjectStore>(stalled),
            // The call timeout is what ends the stalled write; long enough that the acquire before it never meets it on a loaded machine.
            settings: ["--Cluster:Messaging:CallTimeout=00:00:02", "--Leases:WaitMax=00:00:00.200"]);
        var lease = await server.AcquireOkAsync("res", "writer");

        using var response = await server.PutObjectAsync("obj", lease.Token, "x");

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.GatewayTimeout, "outcome-unknown");
        Assert.Contains("outcome is unknown", problem.Detail, StringComparison.Ordinal);
        stalled.Release();
    }

    [Fact]
    public async Task An_unreachable_database_is_503_unavailable_with_Retry_After()
    {
        await using var server = await ApiServer.StartAsync(configure: b => b.Services.AddSingleton<IFencedObjectStore>(new FailingStore(new StorageUnavailableException("disk I/O error"))));
        var lease = await server.AcquireOkAsync("res", "writer");

        using var response = await server.PutObjectAsync("obj", lease.Token, "x");

        await ProblemAssert.IsProblem(response, HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Theory]
    [InlineData("no connection", HttpStatusCode.ServiceUnavailable, "unavailable", "was not sent")]
    [InlineData("activation on a dead silo", HttpStatusCode.ServiceUnavailable, "unavailable", "was not run")]
    [InlineData("silo lost", HttpStatusCode.GatewayTimeout, "outcome-unknown", "outcome is unknown")]
    public async Task Silo_to_silo_failures_say_whether_the_request_was_sent(string failure, HttpStatusCode status, string problemType, string says)
    {
        // Orleans' own exceptions: no connection to send the call on, the grain directory refusing an activation on a
        // silo voted dead while it still runs (seen in partition chaos runs), and a silo lost while the call was in flight.
        Exception error = failure switch
        {
            "no connection" => new ConnectionFailedException(
                "Unable to connect to endpoint S127.0.0.1:11112:0. See InnerException\n ---> System.Net.Sockets.SocketException (111): Connection refused\n   at Orleans.Runtime.Messaging.ConnectionManager.ConnectAsync()"),
            "activation on a dead silo" => new OrleansException(
                "Trying to register lease/res on invalid silo: S127.0.0.1:11112:123456789. Known status: Dead\n   at Orleans.Runtime.GrainDirectory.LocalGrainDirectoryPartition.AddSingleActivation()"),
            _ => new SiloUnavailableException("The target silo became unavailable for message 127.0.0.1:11112."),
        };
        await using var server = await ApiServer.StartAsync(configure: b => b.Services.AddSingleton<IFencedObjectStore>(new FailingStore(error)));
        var lease = await server.AcquireOkAsync("res", "writer");

        using var response = await server.PutObjectAsync("obj", lease.Token, "x");

        var problem = await ProblemAssert.IsProblem(response, status, problemType);
        Assert.Equal(status == HttpStatusCode.ServiceUnavailable, response.Headers.RetryAfter is not null);
        // What the caller can act on, not Orleans' inner exception and stack trace (those go to the server log).
        Assert.Contains(says, problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Orleans.", problem.Detail, StringComparison.Ordinal);
    }

    private sealed class FailingStore(Exception error) : IFencedObjectStore
    {
        public Task<FencedWriteResult> WriteAsync(FencedWrite write, CancellationToken cancellationToken) => Task.FromException<FencedWriteResult>(error);

        public Task<FencedObject?> ReadAsync(string key, CancellationToken cancellationToken) => Task.FromException<FencedObject?>(error);

        public Task<FencedWriteResult> DeleteAsync(FencedDelete delete, CancellationToken cancellationToken) => Task.FromException<FencedWriteResult>(error);

        public Task<ObjectPage> ListAsync(string prefix, string? after, int limit, CancellationToken cancellationToken) => Task.FromException<ObjectPage>(error);
    }

    private sealed class StalledStore : IFencedObjectStore
    {
        private readonly TaskCompletionSource<FencedWriteResult> _never = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<FencedWriteResult> WriteAsync(FencedWrite write, CancellationToken cancellationToken) => _never.Task;

        public Task<FencedObject?> ReadAsync(string key, CancellationToken cancellationToken) => Task.FromResult<FencedObject?>(null);

        public Task<FencedWriteResult> DeleteAsync(FencedDelete delete, CancellationToken cancellationToken) => _never.Task;

        public Task<ObjectPage> ListAsync(string prefix, string? after, int limit, CancellationToken cancellationToken) => Task.FromResult(new ObjectPage([], null));

        public void Release() => _never.TrySetCanceled();
    }
}
