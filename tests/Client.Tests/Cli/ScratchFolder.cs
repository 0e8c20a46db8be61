namespace Leasehold.Client.Tests.Cli;

/// <summary>A fresh temporary folder for files a child command writes; deleted on dispose.</summary>
internal sealed class ScratchFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "leasehold-cli-tests", Guid.NewGuid().ToString("N"));

    public ScratchFolder() => Directory.CreateDirectory(Path);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string? Read(string name) => System.IO.File.Exists(File(name)) ? System.IO.File.ReadAllText(File(name)).Trim() : null;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
