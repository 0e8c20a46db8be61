using System.CommandLine;
using Leasehold.Cli.Output;
using Leasehold.Client;

namespace Leasehold.Cli.Commands;

/// <summary><c>leasehold object delete|list</c>, and the version conditions <c>put</c> and <c>delete</c> take.</summary>
internal static partial class ObjectCommands
{
    private static Command Delete(CliContext context)
    {
        var key = KeyArgument();
        var token = new Option<string?>("--token")
        {
            Description = $"The fencing token of your lease. Default: ${TokenVariable} (set by `leasehold lock` for its command)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(TokenVariable),
        };
        var ifVersion = IfVersionOption();
        var command = new Command("delete", "Delete an object under a lease's fencing token, checked like a write: refused if a newer fence wrote first. It leaves a tombstone that keeps the fence, so no older holder can write the key again")
        {
            key, token, ifVersion,
        };
        command.SetHandler(context, async (parse, session, ct) =>
        {
            var fencingToken = parse.GetValue(token) is { Length: > 0 } t ? t : throw new CliInputException($"Give --token (or set ${TokenVariable}): deletes need the fencing token of a lease.");
            var receipt = await session.Client.DeleteObjectAsync(parse.GetRequiredValue(key), fencingToken, Condition(parse.GetValue(ifVersion), ifAbsent: false), ct).ConfigureAwait(false);
            session.Output.Item(receipt, CliJsonContext.Default.WriteReceipt, ("key", receipt.Key), ("version", receipt.Version), ("fence", receipt.Fence), ("deleted", true));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var prefix = new Option<string>("--prefix", "-p") { Description = "List the keys that start with this. Default: every key", DefaultValueFactory = _ => string.Empty };
        var limit = new Option<int?>("--limit") { Description = "List at most this many objects. Default: all, fetched 1000 at a time" };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
            {
                result.AddError("--limit must be at least 1.");
            }
        });
        var command = new Command("list", "List the objects under a key prefix in ordinal key order, with version, fence, content type, size and time of write (deleted keys are left out)")
        {
            prefix, limit,
        };
        command.SetHandler(context, async (parse, session, ct) =>
        {
            var most = parse.GetValue(limit) ?? int.MaxValue;
            var listed = new List<ObjectEntry>();
            await foreach (var entry in session.Client.ListObjectsAsync(parse.GetValue(prefix) ?? string.Empty, Math.Min(most, 1000), ct).ConfigureAwait(false))
            {
                listed.Add(entry);
                if (listed.Count == most)
                {
                    break;
                }
            }

            if (session.Output.Format == OutputFormat.Json)
            {
                session.Output.Json(listed, CliJsonContext.Default.ListObjectEntry);
                return ExitCodes.Ok;
            }

            session.Output.Table(
                $"{listed.Count} object{(listed.Count == 1 ? string.Empty : "s")}",
                ["Key", "Version", "Fence", "Content type", "Size (bytes)", "Updated (UTC)"],
                listed.Select(o => new[] { o.Key, Renderer.Text(o.Version), Renderer.Text(o.Fence), o.ContentType, Renderer.Text(o.Size), Renderer.Text(o.UpdatedAtUtc) }));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<long?> IfVersionOption()
    {
        var option = new Option<long?>("--if-version") { Description = "Only if the object is at this version now (its ETag; If-Match): refused with exit code 11 otherwise" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long?>() is < 1)
            {
                result.AddError("--if-version must be at least 1.");
            }
        });
        return option;
    }

    private static Option<bool> IfAbsentOption() =>
        new("--if-absent") { Description = "Create only: only if the key holds no object (never written, or deleted; If-None-Match: *)" };

    private static ObjectCondition? Condition(long? ifVersion, bool ifAbsent) => (ifVersion, ifAbsent) switch
    {
        ({ }, true) => throw new CliInputException("Give --if-version or --if-absent, not both."),
        ({ } version, false) => ObjectCondition.IfVersion(version),
        (null, true) => ObjectCondition.IfAbsent,
        _ => null,
    };
}
