using Microsoft.Extensions.Options;

namespace Leasehold.Grains.Leases;

/// <summary>Checks the <c>Leases</c> section beyond single-value ranges; each failure names its key.</summary>
internal sealed class LeaseOptionsValidator(GrainCallDeadline callDeadline) : IValidateOptions<LeaseOptions>
{
    public ValidateOptionsResult Validate(string? name, LeaseOptions options)
    {
        var failures = new List<string>();
        if (options.TtlMin > options.TtlMax)
        {
            failures.Add($"Leases:TtlMin ({options.TtlMin}) must not exceed Leases:TtlMax ({options.TtlMax}).");
        }

        // A wait that outlasts the grain call's deadline would always end as "outcome unknown".
        if (options.WaitMax >= callDeadline.Timeout)
        {
            failures.Add($"Leases:WaitMax ({options.WaitMax}) must be shorter than {callDeadline.Setting} ({callDeadline.Timeout}).");
        }

        if (!FencingToken.IsKeyId(options.SigningKeyId))
        {
            failures.Add($"Leases:SigningKeyId '{options.SigningKeyId}' must be 1–32 characters of A-Z a-z 0-9 - _.");
        }

        if (options.SigningKey is { Length: > 0 } key)
        {
            var bytes = new byte[key.Length];
            if (!Convert.TryFromBase64String(key, bytes, out var length) || length < 32)
            {
                failures.Add("Leases:SigningKey must be base64 of at least 32 bytes (or empty, to keep a generated key in the database).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
