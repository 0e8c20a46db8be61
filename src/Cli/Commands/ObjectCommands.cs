using System.CommandLine;
using System.Text;
using Leasehold.Cli.Output;
using Leasehold.Client;

namespace Leasehold.Cli.Commands;

/// <summary><c>leasehold object put|get|delete|list</c>: the fenced object store.</summary>
internal static partial class ObjectCommands
{
    /// <summary>The environment variable <c>object put</c> reads the token from (set by <c>lock</c> for its command).</summary>
    public const string TokenVariable = "LEASEHOLD_TOKEN";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Command Create(CliContext context)
    {
        var objects = new Command("object", "Write, read, delete and list fenced objects");
        objects.Subcommands.Add(Put(context));
        objects.Subcommands.Add(Get(context));
        objects.Subcommands.Add(Delete(context));
        objects.Subcommands.Add(List(context));
        return objects;
    }

    private static Argument<string> KeyArgument() => new("key")
    {
        Description = "The object key: 1–200 characters of A-Z a-z 0-9 . _ - :",
    };

    private static Command Put(CliContext context)
    {
        var key = KeyArgument();
        var token = new Option<string?>("--token")
        {
            Description = $"The fencing token of your lease. Default: ${TokenVariable} (set by `leasehold lock` for its command)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(TokenVariable),
        };
        var data = new Option<string?>("--data", "-d") { Description = "The value, as UTF-8 text" };
        var file = new Option<FileInfo?>("--file", "-f") { Description = "Read the value from this file" };
        var contentType = new Option<string?>("--content-type") { Description = "Content type. Default: text/plain; charset=utf-8 with --data, else application/octet-stream" };
        var (ifVersion, ifAbsent) = (IfVersionOption(), IfAbsentOption());
        var command = new Command("put", "Write an object under a lease's fencing token; refused if a newer fence wrote first. Without --data or --file, the value is read from standard input")
        {
            key, token, data, file, contentType, ifVersion, ifAbsent,
        };
        command.SetHandler(context, async (parse, session, ct) =>
        {
            var fencingToken = parse.GetValue(token) is { Length: > 0 } t ? t : throw new CliInputException($"Give --token (or set ${TokenVariable}): writes need the fencing token of a lease.");
            var (value, defaultType) = await ReadValueAsync(parse.GetValue(data), parse.GetValue(file), session.Host, ct).ConfigureAwait(false);
            var condition = Condition(parse.GetValue(ifVersion), parse.GetValue(ifAbsent));
            var receipt = condition is { } c
                ? await session.Client.PutObjectAsync(parse.GetRequiredValue(key), value, fencingToken, c, parse.GetValue(contentType) ?? defaultType, ct).ConfigureAwait(false)
                : await session.Client.PutObjectAsync(parse.GetRequiredValue(key), value, fencingToken, parse.GetValue(contentType) ?? defaultType, ct).ConfigureAwait(false);
            session.Output.Item(receipt, CliJsonContext.Default.WriteReceipt, ("key", receipt.Key), ("version", receipt.Version), ("fence", receipt.Fence));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Get(CliContext context)
    {
        var key = KeyArgument();
        var command = new Command("get", "Read an object: its bytes as they are (--output json: version, fence, content type and value)") { key };
        command.SetHandler(context, async (parse, session, ct) =>
        {
            var name = parse.GetRequiredValue(key);
            var stored = await session.Client.GetObjectAsync(name, ct).ConfigureAwait(false)
                ?? throw new LeaseholdException($"get object '{name}': no object '{name}' has been written.", 404, ProblemTypes.ObjectNotFound, null);
            if (session.Output.Format == OutputFormat.Json)
            {
                session.Output.Json(
                    new ObjectOutput(stored.Key, stored.Version, stored.Fence, stored.ContentType, stored.Value.Length, TryText(stored.Value), Convert.ToBase64String(stored.Value.Span)),
                    CliJsonContext.Default.ObjectOutput);
            }
            else if (session.Host.OpenStandardOutput is { } open)
            {
                await session.Output.Writer.FlushAsync(ct).ConfigureAwait(false);
                var raw = open();
                await using (raw.ConfigureAwait(false))
                {
                    await raw.WriteAsync(stored.Value, ct).ConfigureAwait(false);
                }
            }
            else
            {
                await session.Output.Writer.WriteAsync(Encoding.UTF8.GetString(stored.Value.Span)).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<(ReadOnlyMemory<byte> Value, string ContentType)> ReadValueAsync(string? data, FileInfo? file, CliHost host, CancellationToken cancellationToken)
    {
        if (data is not null && file is not null)
        {
            throw new CliInputException("Give --data or --file, not both.");
        }

        if (data is not null)
        {
            return (Encoding.UTF8.GetBytes(data), "text/plain; charset=utf-8");
        }

        if (file is not null)
        {
            if (!file.Exists)
            {
                throw new CliInputException($"No such file: {file.FullName}");
            }

            return (await File.ReadAllBytesAsync(file.FullName, cancellationToken).ConfigureAwait(false), "application/octet-stream");
        }

        if (!host.InputRedirected || host.OpenStandardInput is null)
        {
            throw new CliInputException("Give the value with --data or --file, or pipe it on standard input.");
        }

        var buffer = new MemoryStream();
        var input = host.OpenStandardInput();
        await using (input.ConfigureAwait(false))
        {
            await input.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        return (buffer.ToArray(), "application/octet-stream");
    }

    private static string? TryText(ReadOnlyMemory<byte> value)
    {
        try
        {
            return StrictUtf8.GetString(value.Span);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
