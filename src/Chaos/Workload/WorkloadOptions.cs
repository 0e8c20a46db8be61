namespace Leasehold.Chaos.Workload;

/// <summary>The clients' behaviour.</summary>
public sealed record WorkloadOptions
{
    /// <summary>How many clients run at once. Default 8.</summary>
    public int Clients { get; init; } = 8;

    /// <summary>How many resources they contend for; each guards one object. Default 3.</summary>
    public int Resources { get; init; } = 3;

    /// <summary>How many elections run beside the leases (each is the lease <c>election:NAME</c>). Default 1.</summary>
    public int Elections { get; init; } = 1;

    /// <summary>How many candidates campaign in each election; every candidate is a client of its own. Default 3.</summary>
    public int Candidates { get; init; } = 3;

    /// <summary>How many semaphores run beside the leases (permit slot i of each is the lease <c>semaphore:NAME:i</c>). Default 1.</summary>
    public int Semaphores { get; init; } = 1;

    /// <summary>How many permits each semaphore has. Default 2.</summary>
    public int Permits { get; init; } = 2;

    /// <summary>How many holders contend for each semaphore's permits; every holder is a client of its own. Default 4.</summary>
    public int PermitHolders { get; init; } = 4;

    /// <summary>How many session holders run beside the leases; each opens sessions and takes its leases in them. Default 2.</summary>
    public int SessionHolders { get; init; } = 2;

    /// <summary>How many resources the session holders contend for (their own: <c>PREFIX-xI</c>, each guarding one object). Default 2.</summary>
    public int SessionResources { get; init; } = 2;

    /// <summary>The most leases a session holder takes in one session (1 to this many, on distinct resources). Default 2.</summary>
    public int LeasesPerSession { get; init; } = 2;

    /// <summary>Shortest and longest TTL a session holder opens its sessions with. Default 1–3 s.</summary>
    public TimeSpan SessionTtlMin { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan SessionTtlMax { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How often a session holder keeps its session alive before a write. Default 0.3.</summary>
    public double KeepAliveProbability { get; init; } = 0.3;

    /// <summary>How often a leader proclaims a new value before a write (a proclaim also renews the term). Default 0.3.</summary>
    public double ProclaimProbability { get; init; } = 0.3;

    /// <summary>Prefix of resource names, so runs on one database do not mix. Default <c>chaos</c>.</summary>
    public string Prefix { get; init; } = "chaos";

    /// <summary>Shortest and longest TTL a client asks for. Default 500–2000 ms.</summary>
    public TimeSpan TtlMin { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan TtlMax { get; init; } = TimeSpan.FromMilliseconds(2_000);

    /// <summary>Longest an acquire waits in line (half the acquires do not wait). Must stay within the service's <c>Leases:WaitMax</c>. Default 2 s.</summary>
    public TimeSpan WaitMax { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a holder sleeps past its TTL and then writes with its old token. Default 0.15.</summary>
    public double PausePastTtlProbability { get; init; } = 0.15;

    /// <summary>How often a holder deletes the object instead of writing it (also for its late operation after a pause). Default 0.1.</summary>
    public double DeleteProbability { get; init; } = 0.1;

    /// <summary>
    /// How often a client takes its lease in shared mode (a read lock) for a round: it renews and reads under it, and now and
    /// then tries to write with the reader's token, which the store must refuse. Default 0.25.
    /// </summary>
    public double SharedProbability { get; init; } = 0.25;

    /// <summary>How often, in a shared round, the reader tries a write (or a delete) with its shared token. Default 0.2.</summary>
    public double SharedWriteProbability { get; init; } = 0.2;

    /// <summary>How often a holder renews before a write. Default 0.25.</summary>
    public double RenewProbability { get; init; } = 0.25;

    /// <summary>How often a client reads the object after a write. Default 0.3.</summary>
    public double ReadProbability { get; init; } = 0.3;

    /// <summary>How often a holder releases (otherwise it lets the lease expire). Default 0.75.</summary>
    public double ReleaseProbability { get; init; } = 0.75;

    /// <summary>How long a client waits for any one answer before it records the outcome as unknown. Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The lease sampler's interval between samples of the service's view. Default 50–250 ms.</summary>
    public TimeSpan SampleIntervalMin { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan SampleIntervalMax { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How many watchers follow a lease's watch stream; watcher <c>i</c> follows resource <c>i mod Resources</c>. Default 6
    /// (two per resource with the default <see cref="Resources"/>, so each change is told to two watchers through their own nodes).
    /// </summary>
    public int Watchers { get; init; } = 6;

    /// <summary>How many watchers follow an object's watch stream; watcher <c>i</c> follows the object of resource <c>i mod Resources</c>. Default 1.</summary>
    public int ObjectWatchers { get; init; } = 1;

    /// <summary>
    /// How long a watcher waits for anything on its stream (an event or a keep-alive, sent every <c>Watches:Refresh</c>) before it
    /// takes the stream for broken and reconnects through another node. Default 10 s.
    /// </summary>
    public TimeSpan WatchIdleTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A watcher's back-off before reconnecting: from the shortest, doubling while connections carry no event, up to the longest. Default 100 ms – 2 s.</summary>
    public TimeSpan WatchBackoffMin { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan WatchBackoffMax { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The name of resource <paramref name="index"/>.</summary>
    public string ResourceName(int index) => $"{Prefix}-r{index}";

    /// <summary>The name of election <paramref name="index"/>; its lease is <c>election:NAME</c>.</summary>
    public string ElectionName(int index) => $"{Prefix}-e{index}";

    /// <summary>The name of semaphore <paramref name="index"/>; its slot leases are <c>semaphore:NAME:0</c> to <c>:Permits-1</c>.</summary>
    public string SemaphoreName(int index) => $"{Prefix}-s{index}";

    /// <summary>The name of session resource <paramref name="index"/>: the session holders' own, taken in sessions.</summary>
    public string SessionResourceName(int index) => $"{Prefix}-x{index}";

    /// <summary>The lease of slot <paramref name="slot"/> of semaphore <paramref name="index"/>.</summary>
    public string SlotResource(int index, int slot) => $"semaphore:{SemaphoreName(index)}:{slot}";

    /// <summary>The object that resource's lease guards. For an election's lease, <c>election:NAME.obj</c>: a key of the election, as ObjectKeys guards it.</summary>
    public static string KeyOf(string resource) => $"{resource}.obj";
}
