using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Leasehold.Telemetry.Tests.Browser;

/// <summary>
/// Headless Chromium (Debian package <c>chromium</c>, or the executable named by <c>CHROMIUM_PATH</c>) driven over the
/// Chrome DevTools Protocol on a loopback WebSocket: navigate, and evaluate JavaScript in the page. The browser is a
/// process this test started; it is ended through its own handle, with the profile folder it was given.
/// </summary>
internal sealed class Chromium : IAsyncDisposable
{
    private static readonly string[] Names = ["chromium", "chromium-browser"];
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _requests = new();
    private int _nextId;

    private Chromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>The executable, or null when Chromium is not installed.</summary>
    public static string? Executable { get; } = Find();

    public static async Task<Chromium> StartAsync(TimeSpan timeout)
    {
        var profile = Directory.CreateTempSubdirectory("leasehold-chromium-").FullName;
        var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("Chromium is not installed."))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--no-default-browser-check", "--disable-extensions", "--remote-debugging-address=127.0.0.1",
                     "--remote-debugging-port=0", $"--user-data-dir={profile}", "about:blank",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var browser = new Chromium(process, profile);
        try
        {
            // Chromium says where DevTools listens on stderr: "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID".
            var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
            var stderr = new StringBuilder();
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    listening.TrySetException(new InvalidOperationException($"Chromium exited before DevTools listened:{Environment.NewLine}{stderr}"));
                    return;
                }

                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }

                const string marker = "DevTools listening on ";
                if (e.Data.StartsWith(marker, StringComparison.Ordinal))
                {
                    listening.TrySetResult(new Uri(e.Data[marker.Length..].Trim()));
                }
            };
            process.OutputDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            var browserUri = await listening.Task.WaitAsync(timeout);

            using var http = new HttpClient { BaseAddress = new Uri($"http://{browserUri.Authority}"), Timeout = timeout };
            var targets = JsonNode.Parse(await http.GetStringAsync("/json/list"))!.AsArray();
            var page = targets.First(t => (string?)t!["type"] == "page")!;
            await browser._socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), CancellationToken.None).WaitAsync(timeout);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    public Task NavigateAsync(Uri url) => SendAsync("Page.navigate", new JsonObject { ["url"] = url.AbsoluteUri });

    /// <summary>
    /// From now on, note the URL of every request the page sends (DevTools <c>Network.requestWillBeSent</c>). Events are read
    /// with the answers to later commands, so <see cref="RequestedUrls"/> holds what was sent before the last answer.
    /// </summary>
    public Task RecordRequestsAsync() => SendAsync("Network.enable", []);

    /// <summary>The URLs noted since <see cref="RecordRequestsAsync"/>, in the order they were sent.</summary>
    public IReadOnlyList<string> RequestedUrls => [.. _requests];

    /// <summary>Evaluates <paramref name="expression"/> in the page and returns its value (JSON-serializable values only).</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        if (result?["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException($"The page threw: {exception.ToJsonString()}");
        }

        return result?["result"]?["value"];
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Sends one command and waits for its answer; request events are noted, other events and answers skipped.</summary>
    private async Task<JsonNode?> SendAsync(string method, JsonObject parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        var command = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _socket.SendAsync(Encoding.UTF8.GetBytes(command.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult received;
            do
            {
                received = await _socket.ReceiveAsync(buffer, timeout.Token);
                message.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage);

            var answer = JsonNode.Parse(message.ToArray());
            if ((string?)answer?["method"] == "Network.requestWillBeSent" && (string?)answer["params"]?["request"]?["url"] is { } url)
            {
                _requests.Enqueue(url);
            }

            if ((int?)answer?["id"] != id)
            {
                continue;
            }

            return answer!["error"] is { } error
                ? throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}")
                : answer["result"];
        }
    }

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator)
            .SelectMany(dir => Names.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }
}
