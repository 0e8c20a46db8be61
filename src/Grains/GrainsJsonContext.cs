using System.Text.Json.Serialization;
using Leasehold.Grains.Leases;

namespace Leasehold.Grains;

/// <summary>Source-generated JSON for the grains' durable state: no reflection when state is stored.</summary>
[JsonSerializable(typeof(LeaseState))]
internal sealed partial class GrainsJsonContext : JsonSerializerContext;
