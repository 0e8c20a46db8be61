namespace Leasehold.Api.Contracts;

/// <summary>Body of the health endpoints.</summary>
/// <param name="Status"><c>live</c>, <c>ready</c>.</param>
/// <param name="Silo">This silo's address.</param>
public sealed record HealthResponse(string Status, string Silo);
