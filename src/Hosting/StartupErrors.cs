using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Leasehold.Hosting;

/// <summary>Runs a host so that a bad setting ends the start with one clear message naming the key, not a stack trace.</summary>
public static class StartupErrors
{
    /// <summary>Exit code of a start stopped by configuration.</summary>
    public const int ConfigurationExitCode = 2;

    // Messages that start with a configuration key are about that setting.
    private static readonly string[] SettingPrefixes = ["Cluster:", "Storage:", "Leases:", "Objects:", "Api:", "Auth:", "Faults:", "Telemetry:"];

    public static async Task<int> RunAsync(Func<IHost> build)
    {
        try
        {
            using var host = build();
            await host.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (IsConfigurationError(ex, out var problems))
        {
            // One line per problem, so a start with several bad settings names every one of them.
            foreach (var problem in problems)
            {
                await Console.Error.WriteLineAsync($"leasehold: configuration error: {problem}").ConfigureAwait(false);
            }

            return ConfigurationExitCode;
        }
    }

    private static bool IsConfigurationError(Exception ex, out IReadOnlyList<string> problems)
    {
        switch (ex)
        {
            case OptionsValidationException validation:
                problems = [.. validation.Failures];
                return true;
            case AggregateException { InnerExceptions.Count: > 0 } aggregate when aggregate.InnerExceptions.All(e => e is OptionsValidationException):
                problems = [.. aggregate.InnerExceptions.SelectMany(e => ((OptionsValidationException)e).Failures)];
                return true;
            case InvalidOperationException { Message: var text } when text.Contains("configuration", StringComparison.OrdinalIgnoreCase) ||
                                                                       SettingPrefixes.Any(p => text.StartsWith(p, StringComparison.Ordinal)):
                problems = [ex.InnerException is FormatException or InvalidOperationException ? $"{text} {ex.InnerException.Message}" : text];
                return true;
            default:
                problems = [];
                return false;
        }
    }
}
