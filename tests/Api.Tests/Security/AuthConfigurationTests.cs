using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Leasehold.Testing;

namespace Leasehold.Api.Tests.Security;

/// <summary>
/// Every auth setting is checked before the silo starts: a bad one fails the start with one failure per problem naming
/// its key, and the process exits with code 2 before it joins the cluster (it used to crash with 134 after joining).
/// </summary>
public sealed class AuthConfigurationTests
{
    private static readonly string AliceHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("alice-key-0123456789abcdef")));

    public static TheoryData<string[], string> BadSettings => new()
    {
        { Keys(("alice", AliceHash, "lease"), ("bob", AliceHash, "lease")), "Auth:Keys:1:Sha256 is the same key as Auth:Keys:0:Sha256" },
        { Keys(("alice", AliceHash, "lease"), ("bob", AliceHash.ToUpperInvariant(), "lease")), "Auth:Keys:1:Sha256 is the same key as Auth:Keys:0:Sha256" },
        { Keys(("alice", AliceHash, "superuser")), "Auth:Keys:0:Roles: 'superuser' is not a role" },
        { Keys(("alice", AliceHash, "Lease")), "Auth:Keys:0:Roles: 'Lease' is not a role" },
        { Keys(("alice", "abc", "lease")), "Auth:Keys:0:Sha256" },
        { Keys(("has space", AliceHash, "lease")), "Auth:Keys:0:Principal" },
        { [.. Keys(("alice", AliceHash, "lease")), "--Faults:Enabled=true", "--Faults:AdminKey=alice-key-0123456789abcdef"], "Faults:AdminKey is the key of Auth:Keys:0" },
        { [.. Keys(("alice", AliceHash, "lease")), "--Auth:UnauthenticatedBurst=-1"], "Auth:UnauthenticatedRequestsPerSecond" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_auth_setting_fails_the_start_naming_the_key(string[] settings, string expected)
    {
        using var database = new TempDatabase();

        var failure = await Record.ExceptionAsync(async () => await (await ApiServer.StartAsync(database, null, settings)).DisposeAsync());

        var validation = Assert.IsType<Microsoft.Extensions.Options.OptionsValidationException>(failure);
        Assert.Contains(validation.Failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_api_process_exits_with_code_2_and_one_line_per_problem_before_its_silo_joins()
    {
        using var database = new TempDatabase();
        var api = Path.Combine(AppContext.BaseDirectory, "Leasehold.Api.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = database.Folder,
        };
        foreach (var argument in (string[])["--urls", "http://127.0.0.1:0", $"--Storage:ConnectionString={database.ConnectionString}", "--Cluster:SiloPort=0",
                     .. Keys(("alice", AliceHash, "lease"), ("bob", AliceHash, "superuser"))])
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Insert(0, api);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, process.ExitCode);
        Assert.All(lines, line => Assert.StartsWith("leasehold: configuration error: ", line, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Auth:Keys:1:Sha256 is the same key", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("'superuser' is not a role", StringComparison.Ordinal));
        _ = await stdout;
        Assert.Equal(0, await MembershipRowsAsync(database));
    }

    /// <summary>Silos that wrote themselves into the membership table (none if the database was never created).</summary>
    private static async Task<long> MembershipRowsAsync(TempDatabase database)
    {
        if (!File.Exists(database.FilePath))
        {
            return 0;
        }

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'orleans_membership'";
        if ((long)(await exists.ExecuteScalarAsync())! == 0)
        {
            return 0;
        }

        await using var rows = connection.CreateCommand();
        rows.CommandText = "SELECT count(*) FROM orleans_membership";
        return (long)(await rows.ExecuteScalarAsync())!;
    }

    private static string[] Keys(params (string Principal, string Sha256, string Role)[] keys)
    {
        var settings = new List<string> { "--Auth:Mode=ApiKey" };
        for (var i = 0; i < keys.Length; i++)
        {
            settings.Add($"--Auth:Keys:{i}:Principal={keys[i].Principal}");
            settings.Add($"--Auth:Keys:{i}:Sha256={keys[i].Sha256}");
            settings.Add($"--Auth:Keys:{i}:Roles:0={keys[i].Role}");
        }

        return [.. settings];
    }
}
