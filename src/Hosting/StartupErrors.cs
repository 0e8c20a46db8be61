using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leasehold.Hosting;

/// <summary>
/// Runs a host so that a bad setting ends the start with one line per bad key and exit code 2, not a stack trace.
/// The stack goes to the log at Debug level only (<c>--Logging:LogLevel:Leasehold.Hosting=Debug</c>).
/// </summary>
public static partial class StartupErrors
{
    /// <summary>Exit code of a start stopped by configuration.</summary>
    public const int ConfigurationExitCode = 2;

    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    // Messages that start with a configuration key are about that setting.
    private static readonly string[] SettingPrefixes = ["Cluster:", "Storage:", "Leases:", "Objects:", "Api:", "Auth:", "Faults:", "Telemetry:"];

    public static async Task<int> RunAsync(Func<IHost> build)
    {
        IHost host;
        try
        {
            host = build();
        }
        catch (Exception ex) when (IsConfigurationError(ex, out var problems))
        {
            await WriteAsync(problems).ConfigureAwait(false);
            return ConfigurationExitCode;
        }

        using (host)
        {
            // Made before the start so that a failed start can still be logged: the host's own log of it is filtered
            // out (see QuietHostStartFailures), and RunAsync would dispose the host, and its loggers, as it fails.
            var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartupErrors).FullName!);
            try
            {
                CheckConfiguration(host.Services);
                await host.StartAsync().ConfigureAwait(false);
                await host.WaitForShutdownAsync().ConfigureAwait(false);
                return 0;
            }
            catch (Exception ex) when (IsConfigurationError(ex, out var problems))
            {
                await WriteAsync(problems).ConfigureAwait(false);
                LogConfigurationError(logger, ex);
                return ConfigurationExitCode;
            }
            catch (Exception ex)
            {
                // Logged with its stack, then a plain exit: rethrown, the runtime would print the stack again and abort.
                LogHostFailed(logger, ex);
                await Console.Error.WriteLineAsync($"leasehold: the host failed: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        }
    }

    /// <summary>
    /// Leaves the report of a failed start to <see cref="RunAsync"/>: the host logs it as "Hosting failed to start" with
    /// the whole stack, ahead of the one line that names the bad key. Only Critical entries of the host's category
    /// pass (a BackgroundService that stops the host still logs one, with its exception); RunAsync logs every other
    /// failure itself, and a configuration error's stack at Debug.
    /// </summary>
    public static ILoggingBuilder QuietHostStartFailures(this ILoggingBuilder logging) =>
        logging.AddFilter(HostCategory, LogLevel.Critical);

    /// <summary>
    /// Meets a bad setting before the host starts, because the host logs any failure inside its start as "Hosting
    /// failed to start" with the whole stack, ahead of our one line: the ValidateOnStart validators run here, and every
    /// hosted service is built here (their constructors bind options, so a value of the wrong kind fails now). The host
    /// later gets the same singletons.
    /// </summary>
    internal static void CheckConfiguration(IServiceProvider services)
    {
        services.GetService<IStartupValidator>()?.Validate();
        _ = services.GetServices<IHostedService>();
    }

    /// <summary>The problems a configuration failure names, one line each, in a person's words.</summary>
    internal static bool IsConfigurationError(Exception ex, out IReadOnlyList<string> problems)
    {
        switch (ex)
        {
            case OptionsValidationException validation:
                problems = [.. Failures(validation)];
                return true;
            case AggregateException { InnerExceptions.Count: > 0 } aggregate when aggregate.InnerExceptions.All(e => e is OptionsValidationException):
                problems = [.. aggregate.InnerExceptions.SelectMany(e => Failures((OptionsValidationException)e))];
                return true;
            case InvalidOperationException { Message: var text } when ConversionFailure().Match(text) is { Success: true } conversion:
                problems = [$"{conversion.Groups["key"].Value}: '{conversion.Groups["value"].Value}' is not {Kind(conversion.Groups["type"].Value)}."];
                return true;
            case InvalidOperationException { Message: var text } when text.Contains("configuration", StringComparison.OrdinalIgnoreCase) ||
                                                                       SettingPrefixes.Any(p => text.StartsWith(p, StringComparison.Ordinal)):
                problems = [ex.InnerException is FormatException or InvalidOperationException ? $"{text} {ex.InnerException.Message}" : text];
                return true;
            case var _ when AddressInUse(ex) is { } taken:
                problems = [$"{taken} Another process listens there: stop it, or give this one another port (--urls for HTTP, Cluster:SiloPort and Cluster:GatewayPort for the silo)."];
                return true;
            default:
                problems = [];
                return false;
        }
    }

    /// <summary>
    /// The first line of a failure to listen because the port is taken (Kestrel's "Failed to bind to address
    /// http://127.0.0.1:5080: address already in use.", or the silo's socket error), or null.
    /// </summary>
    private static string? AddressInUse(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse } ||
                e.GetType().Name == "AddressInUseException")
            {
                var message = ex is IOException or System.Net.Sockets.SocketException ? ex.Message : e.Message;
                var end = message.IndexOfAny(['\r', '\n']);
                return (end < 0 ? message : message[..end]).Trim();
            }
        }

        return null;
    }

    /// <summary>
    /// A validation's failures with data annotations' wording put in terms of keys: "DataAnnotation validation failed
    /// for 'ObjectStoreOptions' members: 'ShardCount' with the error: 'The field ShardCount must be between 1 and
    /// 65536.'" names a class; "Objects:ShardCount must be between 1 and 65536." names the key to fix.
    /// </summary>
    private static IEnumerable<string> Failures(OptionsValidationException validation)
    {
        // Every options class here carries its configuration section as a Section constant.
        var section = validation.OptionsType?.GetField("Section")?.GetRawConstantValue() as string;
        foreach (var failure in validation.Failures)
        {
            var annotation = AnnotationFailure().Match(failure);
            if (!annotation.Success || section is null)
            {
                yield return failure;
                continue;
            }

            var member = annotation.Groups["member"].Value;
            var error = annotation.Groups["error"].Value.Replace($"The field {member} ", string.Empty, StringComparison.Ordinal).Replace($"The {member} field ", string.Empty, StringComparison.Ordinal);
            yield return $"{section}:{member} {error.TrimEnd('.')}.";
        }
    }

    /// <summary>What a value of a bound type looks like, in words rather than the .NET type's name.</summary>
    private static string Kind(string type) => type switch
    {
        "System.Int32" or "System.Int64" or "System.Int16" or "System.UInt16" or "System.UInt32" or "System.UInt64" or "System.Byte" => "a whole number",
        "System.Double" or "System.Single" or "System.Decimal" => "a number",
        "System.Boolean" => "true or false",
        "System.TimeSpan" => "a duration such as 00:00:30 (hh:mm:ss)",
        "System.Uri" => "an absolute URI",
        "System.Net.IPAddress" => "an IP address",
        _ => "a value of the kind this key takes (see README \"Configuration\")",
    };

    private static async Task WriteAsync(IReadOnlyList<string> problems)
    {
        // One line per problem, so a start with several bad settings names every one of them.
        foreach (var problem in problems)
        {
            await Console.Error.WriteLineAsync($"leasehold: configuration error: {problem}").ConfigureAwait(false);
        }
    }

    // Data annotations' words, as ValidateDataAnnotations reports them.
    [GeneratedRegex("^DataAnnotation validation failed for '[^']*' members: '(?<member>[^']+)' with the error: '(?<error>.*)'\\.?$", RegexOptions.Singleline)]
    private static partial Regex AnnotationFailure();

    // The configuration binder's own words: "Failed to convert configuration value 'eleven' at 'Cluster:SiloPort' to type 'System.Int32'."
    [GeneratedRegex("^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex ConversionFailure();

    [LoggerMessage(EventId = 1901, Level = LogLevel.Error, Message = "The host failed")]
    private static partial void LogHostFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1900, Level = LogLevel.Debug, Message = "The start was stopped by a configuration error")]
    private static partial void LogConfigurationError(ILogger logger, Exception exception);
}
