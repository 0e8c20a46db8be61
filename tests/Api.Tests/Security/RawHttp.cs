using System.Net.Sockets;
using System.Text;

namespace Leasehold.Api.Tests.Security;

/// <summary>
/// Sends a request exactly as written — its target is not normalised, as HttpClient's Uri would (dot segments,
/// escapes) — and reads the status and body of the answer. HTTP/1.1 on loopback, one request per connection.
/// </summary>
public static class RawHttp
{
    public static async Task<(int Status, string Head, string Body)> SendAsync(Uri server, string method, string target, string? authorization, string? fencingToken, string? json)
    {
        using var tcp = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await tcp.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = tcp.GetStream();
        var body = json is null ? [] : Encoding.UTF8.GetBytes(json);
        var head = new StringBuilder()
            .Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(server.Authority).Append("\r\n")
            .Append("Connection: close\r\n")
            .Append("Content-Length: ").Append(body.Length).Append("\r\n");
        if (json is not null)
        {
            head.Append("Content-Type: application/json\r\n");
        }

        if (authorization is not null)
        {
            head.Append("Authorization: ").Append(authorization).Append("\r\n");
        }

        if (fencingToken is not null)
        {
            head.Append("Fencing-Token: ").Append(fencingToken).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), timeout.Token);
        await stream.WriteAsync(body, timeout.Token);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var reply = await reader.ReadToEndAsync(timeout.Token);
        var split = reply.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headText = split < 0 ? reply : reply[..split];
        var status = int.Parse(headText.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
        return (status, headText, split < 0 ? string.Empty : reply[(split + 4)..]);
    }
}
