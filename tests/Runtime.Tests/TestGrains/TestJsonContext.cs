using System.Text.Json.Serialization;

namespace Leasehold.Runtime.Tests.TestGrains;

[JsonSerializable(typeof(StoredCounter))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
