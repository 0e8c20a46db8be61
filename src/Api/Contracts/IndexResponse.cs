namespace Leasehold.Api.Contracts;

/// <summary>What <c>GET /</c> answers: where to go next.</summary>
public sealed record IndexResponse(string Name, string OpenApi, string Cluster, string Health, string OrleansDashboard);
