namespace Leasehold.Client.Tests;

/// <summary>Fresh resource and key names, so tests sharing a server never see each other's leases.</summary>
internal static class Names
{
    public static string Fresh(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";
}
