namespace Leasehold.Chaos.Processes;

/// <summary>The outcome of looking for the service the chaos command starts: the dll to run, or one line saying why there is none.</summary>
/// <param name="Path">The full path of <c>Leasehold.Api.dll</c>; null if it was not found.</param>
/// <param name="Problem">Why there is no service, as one line for the user; null if <paramref name="Path"/> is set.</param>
internal sealed record ServiceLookup(string? Path, string? Problem)
{
    public static ServiceLookup Found(string path) => new(System.IO.Path.GetFullPath(path), null);

    public static ServiceLookup NotFound(string problem) => new(null, problem);
}
