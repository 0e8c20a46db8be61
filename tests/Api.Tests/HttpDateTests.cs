using Leasehold.TestingHost;
using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Leasehold.Api.Tests;

/// <summary>An object's Last-Modified is never later than the answer's Date, whatever the silo's clock says.</summary>
public sealed class HttpDateTests
{
    [Fact]
    public async Task Last_modified_is_never_later_than_date_when_the_silo_clock_runs_ahead()
    {
        // Ahead by an hour: a Date taken from any clock other than the one that stamped the write shows up at once.
        await using var server = await ApiServer.StartAsync(configure: builder =>
            builder.Services.UseGrainClock(new AheadClock(TimeSpan.FromHours(1))));
        var lease = await server.AcquireOkAsync("dates", "writer");
        using (var put = await server.PutObjectAsync("dates-key", lease.Token, "v"))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        for (var read = 0; read < 5; read++)
        {
            using var response = await server.Client.GetAsync("/v1/objects/dates-key");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var date = response.Headers.Date!.Value;
            var lastModified = response.Content.Headers.LastModified!.Value;
            Assert.True(lastModified <= date, $"Last-Modified {lastModified:r} is later than Date {date:r}");
            Assert.True(date - TimeProvider.System.GetUtcNow() > TimeSpan.FromMinutes(59), $"Date {date:r} is not from the silo's clock");
        }
    }

    [Fact]
    public async Task A_write_made_on_a_clock_ahead_of_this_one_is_shown_as_modified_now()
    {
        var clock = new AheadClock(TimeSpan.FromHours(1));
        await using var server = await ApiServer.StartAsync(configure: builder => builder.Services.UseGrainClock(clock));
        var lease = await server.AcquireOkAsync("dates-behind", "writer");
        using (var put = await server.PutObjectAsync("dates-behind-key", lease.Token, "v"))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        // As if read on a silo whose clock is an hour behind the writer's.
        clock.Offset = TimeSpan.Zero;
        using var response = await server.Client.GetAsync("/v1/objects/dates-behind-key");

        Assert.Equal(response.Headers.Date, response.Content.Headers.LastModified);
    }

    private sealed class AheadClock(TimeSpan offset) : TimeProvider
    {
        public TimeSpan Offset { get; set; } = offset;

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
    }
}
