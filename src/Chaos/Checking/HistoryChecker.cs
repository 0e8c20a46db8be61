using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Checking;

/// <summary>
/// Checks a history against Leasehold's safety properties: (i) <see cref="FenceUniqueness"/>, (ii) <see cref="WriteOrder"/>,
/// (iii) <see cref="WriteDurability"/>, (iv) <see cref="LeaseExclusion"/>, plus <see cref="ContractStatuses"/>.
/// Every check treats an unknown outcome as "may have happened, at any time after it was sent", so it never
/// reports a violation that some real order of events could explain.
/// </summary>
public static class HistoryChecker
{
    public static CheckReport Check(IReadOnlyList<Operation> operations, CheckOptions? options = null)
    {
        options ??= new CheckOptions();
        return new CheckReport(
        [
            .. FenceUniqueness.Check(operations),
            .. WriteOrder.Check(operations),
            .. WriteDurability.Check(operations, options),
            .. LeaseExclusion.Check(operations, options),
            .. ContractStatuses.Check(operations),
        ]);
    }
}
