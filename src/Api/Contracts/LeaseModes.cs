using Leasehold.Grains;

namespace Leasehold.Api.Contracts;

/// <summary>The wire names of the lease modes: <c>exclusive</c> (the default) and <c>shared</c>.</summary>
public static class LeaseModes
{
    public const string Exclusive = "exclusive";
    public const string Shared = "shared";

    /// <summary>The mode named by <paramref name="text"/>; absent is exclusive. False for any other name.</summary>
    public static bool TryParse(string? text, out LeaseMode mode)
    {
        switch (text)
        {
            case null or Exclusive:
                mode = LeaseMode.Exclusive;
                return true;
            case Shared:
                mode = LeaseMode.Shared;
                return true;
            default:
                mode = LeaseMode.Exclusive;
                return false;
        }
    }

    public static string NameOf(LeaseMode mode) => mode == LeaseMode.Shared ? Shared : Exclusive;
}
