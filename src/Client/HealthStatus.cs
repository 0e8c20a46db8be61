namespace Leasehold.Client;

/// <summary>Body of the health endpoints.</summary>
/// <param name="Status"><c>live</c> or <c>ready</c>.</param>
/// <param name="Silo">The answering silo's address.</param>
public sealed record HealthStatus(string Status, string Silo);
