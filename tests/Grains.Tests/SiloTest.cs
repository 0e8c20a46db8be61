using Leasehold.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Leasehold.Grains.Tests;

/// <summary>
/// A test class whose tests share one silo (<see cref="SharedSilo"/>) and its fake clock. Every test names its resources
/// and object keys through <see cref="Name"/>, so each test starts from resources never leased, with fence zero.
/// </summary>
public abstract class SiloTest(SharedSilo shared) : IClassFixture<SharedSilo>
{
    private static int s_tests;

    // xunit makes one instance of the class per test: one prefix per test.
    private readonly string _prefix = $"t{Interlocked.Increment(ref s_tests)}";

    /// <summary>Moves both clocks of the silo's grains and fires their timers.</summary>
    protected FakeTimeProvider Time => shared.Time;

    /// <summary>The grains' clock: <see cref="Time"/>, with a wall clock a test may step alone.</summary>
    protected SteppableWallClock Clock => shared.Clock;

    protected TestSilo Silo => shared.Silo;

    /// <summary>
    /// This test's own name for a resource or an object key: a prefix before it, so an object key still names its
    /// resource up to its last dot (<c>report.txt</c> and <c>report</c> stay a key and its resource).
    /// </summary>
    protected string Name(string name) => $"{_prefix}-{name}";

    /// <summary>The lease on this test's <paramref name="resource"/>.</summary>
    protected ILeaseGrain Lease(string resource) => Silo.Lease(Name(resource));
}
