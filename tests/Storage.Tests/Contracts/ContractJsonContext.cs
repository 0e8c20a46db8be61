using System.Text.Json.Serialization;

namespace Leasehold.Storage.Tests.Contracts;

[JsonSerializable(typeof(StoredCounter))]
internal sealed partial class ContractJsonContext : JsonSerializerContext;
