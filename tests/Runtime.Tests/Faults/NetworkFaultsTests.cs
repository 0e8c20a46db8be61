using System.Net;
using Leasehold.Runtime.Faults;

namespace Leasehold.Runtime.Tests.Faults;

public sealed class NetworkFaultsTests
{
    private static readonly IPEndPoint A = new(IPAddress.Loopback, 1);
    private static readonly IPEndPoint B = new(IPAddress.Loopback, 2);

    [Fact]
    public void Is_empty_exactly_while_no_rule_is_in_force()
    {
        var faults = new NetworkFaults();
        Assert.True(faults.IsEmpty);

        faults.Set(A, NetworkRule.Dropping);
        faults.Set(B, NetworkRule.Delaying(TimeSpan.FromMilliseconds(50)));
        Assert.False(faults.IsEmpty);

        faults.Clear(A);
        Assert.False(faults.IsEmpty);
        Assert.NotNull(faults.RuleFor(B));

        faults.Clear(B);
        Assert.True(faults.IsEmpty);

        faults.Set(A, NetworkRule.Dropping);
        faults.Clear();
        Assert.True(faults.IsEmpty);
    }
}
