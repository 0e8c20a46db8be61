using System.Collections.Immutable;
using FsCheck;
using FsCheck.Xunit;
using Leasehold.Grains.Leases;

namespace Leasehold.Grains.Tests.Leases;

/// <summary>The compact change log a lease keeps for watchers reads back exactly what was written, and nothing else.</summary>
public sealed class ChangeLogFormatProperties
{
    [Property(MaxTest = 500)]
    public void Any_changes_read_back_exactly(NonEmptyArray<(byte Kind, bool Shared, NonNull<string> Holder, long Fence, int AtStep, uint Ttl, bool Expires, sbyte Offset)> drawn)
    {
        var at = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero).UtcTicks;
        var changes = ImmutableArray.CreateBuilder<LeaseChange>();
        foreach (var (kind, shared, holder, fence, atStep, ttl, expires, offset) in drawn.Get)
        {
            at += atStep * 1_000L;
            var zone = TimeSpan.FromMinutes(offset * 5);
            var atUtc = new DateTimeOffset(at, TimeSpan.Zero).ToOffset(zone);
            changes.Add(new LeaseChange(
                changes.Count + 1, (LeaseChangeKind)(kind % 5), holder.Get, fence, atUtc,
                expires ? atUtc.AddTicks(ttl) : null, shared ? LeaseMode.Shared : LeaseMode.Exclusive));
        }

        var written = changes.ToImmutable();

        var read = ChangeLogFormat.Read(ChangeLogFormat.Write(written), written.Length);

        Assert.Equal(written.ToArray(), read.ToArray());
        Assert.Equal(written.Select(c => (c.AtUtc.Offset, c.ExpiresAtUtc?.Offset)), read.Select(c => (c.AtUtc.Offset, c.ExpiresAtUtc?.Offset)));
    }

    [Property(MaxTest = 2000)]
    public void Arbitrary_bytes_read_as_changes_or_are_refused_as_invalid_data(byte[] bytes, PositiveInt lastId)
    {
        try
        {
            var read = ChangeLogFormat.Read([1, .. bytes], lastId.Get);
            Assert.All(read, change => Assert.InRange(change.Id, 1, lastId.Get));
        }
        catch (InvalidDataException)
        {
        }
    }
}
