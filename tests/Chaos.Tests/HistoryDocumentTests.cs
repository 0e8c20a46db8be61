using System.Text.Json;
using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Tests;

public sealed class HistoryDocumentTests
{
    [Fact]
    public void The_history_file_holds_every_watch_connection_and_every_event_received()
    {
        var connection = new WatchConnection("w0", 2, 1, "chaos-r0", false, LastEventId: 6, OpenedMs: 100, EndedMs: 900, Status: 200, End: "closed", Events: 1);
        var received = new WatchEvent("w0", 2, 1, "chaos-r0", false, 7, "granted", "c3", 4, false, null, null, 150);
        var document = new HistoryDocument(1, "repeat", 3, 6, 20_000, ["kill"], true, [], [], [], [connection], [received]);

        var json = JsonDocument.Parse(JsonSerializer.Serialize(document, ChaosJsonContext.Default.HistoryDocument)).RootElement;

        var c = Assert.Single(json.GetProperty("watchConnections").EnumerateArray());
        Assert.Equal((6, "closed", 1), (c.GetProperty("lastEventId").GetInt64(), c.GetProperty("end").GetString(), c.GetProperty("node").GetInt32()));
        var e = Assert.Single(json.GetProperty("watchEvents").EnumerateArray());
        Assert.Equal((7, "granted", "c3", 4, 150.0), (e.GetProperty("id").GetInt64(), e.GetProperty("kind").GetString(), e.GetProperty("holder").GetString(), e.GetProperty("fence").GetInt64(), e.GetProperty("receivedMs").GetDouble()));
    }
}
