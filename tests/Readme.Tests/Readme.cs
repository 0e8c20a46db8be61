namespace Leasehold.Readme.Tests;

/// <summary>The repository's README.md, read at test time: its marked walkthroughs are what the tests run.</summary>
internal static class Readme
{
    public static string Path { get; } = System.IO.Path.Combine(WalkthroughRun.RepositoryRoot, "README.md");

    public static IReadOnlyList<Walkthrough> Walkthroughs => Walkthrough.Parse(File.ReadAllText(Path));

    public static Walkthrough Named(string name) =>
        Walkthroughs.SingleOrDefault(w => w.Name == name) ?? throw new InvalidOperationException($"README.md marks no walkthrough '{name}'.");
}
