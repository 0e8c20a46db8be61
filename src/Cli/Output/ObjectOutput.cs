namespace Leasehold.Cli.Output;

/// <summary>An object as <c>object get --output json</c> prints it: the value as text when it is UTF-8, always as base64.</summary>
internal sealed record ObjectOutput(string Key, long Version, long Fence, string ContentType, int Length, string? Value, string ValueBase64);
