using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Leasehold.Hosting.Tests.Orleans;

/// <summary>What a process that is not a member meets on a silo or gateway port.</summary>
internal static class Stranger
{
    /// <summary>How long any one probe may take before the test fails as undecided.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Connects over plain TCP, sends <paramref name="bytes"/> and reads once: the number of bytes the port sent first, or 0
    /// if it closed the connection with nothing sent. Without TLS an Orleans silo writes its connection preamble (its
    /// address and cluster id) to whoever connects.
    /// </summary>
    public static async Task<int> RawBytesReceivedAsync(IPEndPoint endpoint, byte[] bytes)
    {
        using var deadline = new CancellationTokenSource(Bound);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(endpoint, deadline.Token);
        var stream = tcp.GetStream();
        try
        {
            await stream.WriteAsync(bytes, deadline.Token);
            return await stream.ReadAsync(new byte[4096], deadline.Token);
        }
        catch (IOException)
        {
            // A reset is a refusal too.
            return 0;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"{endpoint} neither closed the connection nor sent anything within {Bound.TotalSeconds} s.");
        }
    }

    /// <summary>How long an admitted connection must stay open after the handshake (a gateway sends nothing until it has read the client's preamble).</summary>
    private static readonly TimeSpan Verdict = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Opens TLS presenting <paramref name="certificate"/> (or none) and accepting any server certificate, then reads:
    /// true if the port completed the handshake and then sent application data (a silo's preamble) or kept the connection
    /// open for <see cref="Verdict"/>; false if it refused. Under TLS 1.3 the server judges the client's certificate after
    /// the client's side of the handshake is done, so a refusal can also arrive as an alert or a close on the first read.
    /// A slow refusal would read as admitted, so the refusal tests cannot pass by waiting too little.
    /// </summary>
    public static async Task<bool> AdmittedOverTlsAsync(IPEndPoint endpoint, X509Certificate2? certificate)
    {
        using var deadline = new CancellationTokenSource(Bound);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(endpoint, deadline.Token);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "leasehold",
                ClientCertificates = certificate is null ? null : [certificate],
                LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate!,
#pragma warning disable CA5359 // A stranger probes the port; whom it reached does not matter, only whether it is let in.
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
#pragma warning restore CA5359
                EnabledSslProtocols = SslProtocols.Tls13 | SslProtocols.Tls12,
            }, deadline.Token);
            using var verdict = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
            verdict.CancelAfter(Verdict);
            var buffer = new byte[256];
            try
            {
                return await tls.ReadAsync(buffer, verdict.Token) > 0;
            }
            catch (OperationCanceledException) when (!deadline.IsCancellationRequested)
            {
                return true;
            }
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            return false;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"{endpoint} neither admitted nor refused a TLS client within {Bound.TotalSeconds} s.");
        }
    }
}
