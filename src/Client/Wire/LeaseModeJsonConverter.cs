using System.Text.Json;
using System.Text.Json.Serialization;

namespace Leasehold.Client.Wire;

/// <summary>A <see cref="LeaseMode"/> as the server spells it: <c>exclusive</c> or <c>shared</c> (public so that any source-generated JSON context can write a <see cref="LeaseMode"/>).</summary>
public sealed class LeaseModeJsonConverter : JsonConverter<LeaseMode>
{
    public const string Exclusive = "exclusive";
    public const string Shared = "shared";

    public override LeaseMode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetString() switch
        {
            Exclusive => LeaseMode.Exclusive,
            Shared => LeaseMode.Shared,
            var other => throw new JsonException($"'{other}' is not a lease mode (exclusive or shared)."),
        };

    public override void Write(Utf8JsonWriter writer, LeaseMode value, JsonSerializerOptions options) =>
        writer.WriteStringValue(NameOf(value));

    public static string NameOf(LeaseMode mode) => mode == LeaseMode.Shared ? Shared : Exclusive;
}
