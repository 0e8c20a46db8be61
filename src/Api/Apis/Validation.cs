using Leasehold.Grains;

namespace Leasehold.Api.Apis;

/// <summary>Collects field errors for one request; an empty collection means valid.</summary>
internal sealed class Validation
{
    private readonly Dictionary<string, string[]> _errors = [];

    public bool IsValid => _errors.Count == 0;

    public IDictionary<string, string[]> Errors => _errors;

    public Validation Add(string field, string message)
    {
        _errors[field] = _errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
        return this;
    }

    /// <summary>Checks a route name (resource or object key).</summary>
    public Validation Name(string field, string value)
    {
        if (!Names.IsValidResource(value))
        {
            Add(field, $"must be 1–{Names.MaxLength} characters of A-Z a-z 0-9 . _ - :");
        }

        return this;
    }

    /// <summary>Checks an election name: a resource name short enough to take the <c>election:</c> prefix.</summary>
    public Validation Election(string value)
    {
        if (!ElectionNames.IsValid(value))
        {
            Add("name", $"must be 1–{ElectionNames.MaxNameLength} characters of A-Z a-z 0-9 . _ - :");
        }

        return this;
    }

    /// <summary>Checks a semaphore name: a resource name short enough to take the <c>semaphore:</c> prefix and a slot.</summary>
    public Validation Semaphore(string value)
    {
        if (!SemaphoreNames.IsValid(value))
        {
            Add("name", $"must be 1–{SemaphoreNames.MaxNameLength} characters of A-Z a-z 0-9 . _ - :");
        }

        return this;
    }

    /// <summary>Checks a whole number against inclusive bounds.</summary>
    public Validation Count(string field, int? value, int min, int max, bool required)
    {
        if (value is null)
        {
            return required ? Add(field, "is required") : this;
        }

        return value < min || value > max ? Add(field, $"must be from {min} to {max}") : this;
    }

    /// <summary>Checks a proclaimed value: absent, or at most <see cref="ElectionNames.MaxValueLength"/> characters.</summary>
    public Validation Value(string? value) =>
        value is { Length: > ElectionNames.MaxValueLength } ? Add("value", $"must be at most {ElectionNames.MaxValueLength} characters") : this;

    /// <summary>Checks a millisecond duration against inclusive bounds.</summary>
    public Validation Millis(string field, long? value, TimeSpan min, TimeSpan max, bool required)
    {
        if (value is null)
        {
            return required ? Add(field, "is required") : this;
        }

        if (value < (long)min.TotalMilliseconds || value > (long)max.TotalMilliseconds)
        {
            Add(field, $"must be from {(long)min.TotalMilliseconds} to {(long)max.TotalMilliseconds} milliseconds");
        }

        return this;
    }
}
