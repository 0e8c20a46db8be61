using System.Net;
using Leasehold.Api.Cluster;
using Leasehold.Api.Contracts;
using Leasehold.Api.OpenApi;
using Leasehold.Api.Problems;
using Leasehold.Api.Security;
using Leasehold.Faults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leasehold.Api.Apis;

/// <summary>
/// <c>/v1/faults</c>: inject partial failures into the silo that answers — pause, partition or delay its messages,
/// skew its clock, kill it. Mapped only with <c>Faults:Enabled=true</c>, and every request needs the admin policy: the
/// admin key (<c>Faults:AdminKey</c>) in either auth mode, or, with <c>Auth:Mode=ApiKey</c>, an API key with the admin role.
/// </summary>
public static class FaultsApi
{
    private const long MaxPauseMs = 3_600_000;
    private const long MaxDelayMs = 600_000;
    private const long MaxOffsetMs = 86_400_000;
    private const double MaxDriftPpm = 100_000;

    private const string FaultNote =
        "Fault injection for tests of partial failure: mapped only with `Faults:Enabled=true`, and for the admin key only. " +
        "No fault can make the store accept a stale fencing token.";

    public static IEndpointRouteBuilder MapFaultsApi(this IEndpointRouteBuilder app)
    {
        var faults = app.MapGroup("/v1/faults").WithTags("Faults").RequireAuthorization(Policies.Admin).ProducesAuthProblems();
        faults.MapGet(string.Empty, Get)
            .WithName("getFaults")
            .WithSummary("The faults in force on this silo")
            .WithDescription(FaultNote);
        faults.MapPost("/pause", Pause)
            .WithName("pauseSilo")
            .WithSummary("Stop the world on this silo for durationMs (sockets stay open)")
            .WithDescription("A process pause, as a long GC would cause: a lease holder on this silo can wake after its lease ended. " + FaultNote)
            .ProducesProblems(ProblemType.Validation);
        faults.MapPost("/resume", Resume)
            .WithName("resumeSilo")
            .WithSummary("End a pause now")
            .WithDescription(FaultNote);
        faults.MapPost("/network", SetNetwork)
            .WithName("setNetworkFault")
            .WithSummary("Drop or delay every message this silo sends to another silo")
            .WithDescription("A one-way partition or a slow link. " + FaultNote)
            .ProducesProblems(ProblemType.Validation);
        faults.MapDelete("/network", Heal)
            .WithName("healNetwork")
            .WithSummary("Remove network faults (for ?to=host:port, or all)")
            .WithDescription(FaultNote)
            .ProducesProblems(ProblemType.Validation);
        faults.MapPost("/clock", SkewClock)
            .WithName("skewClock")
            .WithSummary("Skew this silo's wall clock (offset and drift); its monotonic clock is untouched")
            .WithDescription("Leases and fences are timed on the monotonic clock, so a skewed wall clock changes only what is shown. " + FaultNote)
            .ProducesProblems(ProblemType.Validation);
        faults.MapPost("/kill", Kill)
            .WithName("killSilo")
            .WithSummary("Kill this silo abruptly (no goodbye), then end the process")
            .WithDescription("Its leases end by their TTL, never earlier; the next grant of each has a higher fence. " + FaultNote);
        return app;
    }

    internal static Ok<FaultsResponse> Get(FaultController faults, LocalNode node) => TypedResults.Ok(Describe(faults, node));

    internal static Results<Ok<FaultsResponse>, ProblemHttpResult> Pause(PauseRequest request, FaultController faults, LocalNode node)
    {
        if (request.DurationMs is not { } duration || duration is < 1 or > MaxPauseMs)
        {
            return Problem.Invalid("durationMs", $"must be 1 to {MaxPauseMs} ms");
        }

        faults.Pause(TimeSpan.FromMilliseconds(duration));
        return TypedResults.Ok(Describe(faults, node));
    }

    internal static Ok<FaultsResponse> Resume(FaultController faults, LocalNode node)
    {
        faults.Resume();
        return TypedResults.Ok(Describe(faults, node));
    }

    internal static Results<Ok<FaultsResponse>, ProblemHttpResult> SetNetwork(NetworkFaultRequest request, FaultController faults, LocalNode node)
    {
        if (!IPEndPoint.TryParse(request.To ?? string.Empty, out var to) || to.Port == 0)
        {
            return Problem.Invalid("to", "must be a silo endpoint, host:port (e.g. 127.0.0.1:11112)");
        }

        if (request.Drop == true)
        {
            faults.DropMessagesTo(to);
        }
        else if (request.DelayMs is { } delay and >= 0 and <= MaxDelayMs)
        {
            faults.DelayMessagesTo(to, TimeSpan.FromMilliseconds(delay));
        }
        else
        {
            return Problem.Invalid("delayMs", $"must be from 0 to {MaxDelayMs}, or send drop: true instead");
        }

        return TypedResults.Ok(Describe(faults, node));
    }

    internal static Results<Ok<FaultsResponse>, ProblemHttpResult> Heal(string? to, FaultController faults, LocalNode node)
    {
        IPEndPoint? destination = null;
        if (to is not null && (!IPEndPoint.TryParse(to, out destination) || destination.Port == 0))
        {
            return Problem.Invalid("to", "must be a silo endpoint, host:port");
        }

        faults.Heal(destination);
        return TypedResults.Ok(Describe(faults, node));
    }

    internal static Results<Ok<FaultsResponse>, ProblemHttpResult> SkewClock(ClockFaultRequest request, FaultController faults, LocalNode node)
    {
        var offset = request.OffsetMs ?? 0;
        var drift = request.DriftPpm ?? 0;
        if (Math.Abs(offset) > MaxOffsetMs || !double.IsFinite(drift) || Math.Abs(drift) > MaxDriftPpm)
        {
            return Problem.Invalid("offsetMs", $"must be within ±{MaxOffsetMs}, and driftPpm within ±{MaxDriftPpm}");
        }

        faults.SkewClock(TimeSpan.FromMilliseconds(offset), drift);
        return TypedResults.Ok(Describe(faults, node));
    }

    internal static Accepted<FaultsResponse> Kill(FaultController faults, LocalNode node, SiloTermination termination, HttpResponse response)
    {
        // From now on the silo says nothing to anyone, as after SIGKILL; once this answer is out, the process ends.
        faults.Kill();
        response.OnCompleted(() =>
        {
            termination.Terminate();
            return Task.CompletedTask;
        });
        return TypedResults.Accepted((string?)null, Describe(faults, node));
    }

    private static FaultsResponse Describe(FaultController faults, LocalNode node) => new(
        node.Name,
        faults.PauseGate.IsPaused,
        faults.IsKilled,
        (long)faults.ClockOffset.TotalMilliseconds,
        [.. faults.Network.Rules.Select(r => new NetworkFaultResponse(r.Key.ToString(), r.Value.Drop, (long)r.Value.Delay.TotalMilliseconds))],
        faults.Clock.DriftPpm);

    /// <summary>The start-up error when faults are enabled without an admin key long enough not to be guessed.</summary>
    internal const string AdminKeyRequired = "Faults:AdminKey must be set (16 characters or more) when Faults:Enabled is true.";

    internal static bool IsValid(FaultsOptions options) => !options.Enabled || options.AdminKey.Length >= 16;
}
