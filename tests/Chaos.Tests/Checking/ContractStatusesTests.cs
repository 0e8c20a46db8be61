using Leasehold.Chaos.Checking;
using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Tests.Checking;

public sealed class ContractStatusesTests
{
    [Theory]
    [InlineData(OperationKind.Write, 500)]
    [InlineData(OperationKind.Write, 403)]
    [InlineData(OperationKind.Acquire, 410)]
    [InlineData(OperationKind.GetLease, 404)]
    public void An_answer_outside_the_contract_is_reported(OperationKind kind, int status)
    {
        var h = new HistoryBuilder();
        h.Add(new Operation(0, "c1", kind, "r", "k", 0, 0, 1, OperationOutcome.Fail, status));

        Assert.Equal(AnomalyKind.OutsideContract, Assert.Single(ContractStatuses.Check(h.Operations)).Kind);
    }

    [Theory]
    [InlineData(OperationKind.Acquire, 409)]
    [InlineData(OperationKind.Release, 410)]
    [InlineData(OperationKind.Read, 404)]
    [InlineData(OperationKind.Write, 503)]
    [InlineData(OperationKind.Renew, 504)]
    [InlineData(OperationKind.Write, 0)]
    public void Refusals_unavailability_unknown_outcomes_and_lost_connections_are_within_it(OperationKind kind, int status)
    {
        var h = new HistoryBuilder();
        h.Add(new Operation(0, "c1", kind, "r", "k", 0, 0, 1, OperationOutcome.Fail, status));

        Assert.Empty(ContractStatuses.Check(h.Operations));
    }
}
