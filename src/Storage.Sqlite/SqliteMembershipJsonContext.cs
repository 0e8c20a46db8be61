using System.Text.Json.Serialization;

namespace Leasehold.Storage.Sqlite;

/// <summary>A suspicion vote as stored in the <c>suspicions</c> column: the voter's endpoint and generation, and when it voted.</summary>
internal sealed record StoredSuspicion(string Host, int Port, long Generation, DateTimeOffset AtUtc);

/// <summary>Source-generated JSON for the membership table's <c>suspicions</c> column.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StoredSuspicion[]))]
internal sealed partial class SqliteMembershipJsonContext : JsonSerializerContext;
