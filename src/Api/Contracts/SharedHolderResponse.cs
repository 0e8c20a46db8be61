using Leasehold.Grains;

namespace Leasehold.Api.Contracts;

/// <summary>One shared holder of a lease: never its lease id or token.</summary>
/// <param name="Holder">The holder.</param>
/// <param name="Fence">Its fence: the shared epoch's.</param>
/// <param name="ExpiresAtUtc">When its hold expires by the server's wall clock (for display).</param>
public sealed record SharedHolderResponse(string Holder, long Fence, DateTimeOffset ExpiresAtUtc)
{
    public static SharedHolderResponse From(SharedHolderView view) => new(view.Holder, view.Fence, view.ExpiresAtUtc);
}
