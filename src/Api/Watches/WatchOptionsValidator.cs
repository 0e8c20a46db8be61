using Microsoft.Extensions.Options;

namespace Leasehold.Api.Watches;

/// <summary>Checks the <c>Watches</c> section; each failure names its key.</summary>
internal sealed class WatchOptionsValidator : IValidateOptions<WatchOptions>
{
    public ValidateOptionsResult Validate(string? name, WatchOptions options) =>
        options.Failures().ToList() is { Count: > 0 } failures ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
}
