namespace Leasehold.Telemetry.Tests.Browser;

/// <summary>
/// A fact that needs headless Chromium. Without it the test is skipped with the reason, except in CI (<c>CI=true</c>),
/// where <c>.ci/run</c> installs it and a missing browser must fail the run instead of hiding it.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Executable is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "Chromium is not installed (apt-get install chromium, or set CHROMIUM_PATH); .ci/run installs it and runs this test.";
        }
    }
}
