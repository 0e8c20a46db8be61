using Leasehold.Grains;
using Orleans.Runtime;

namespace Leasehold.Api.Cluster;

/// <summary>One silo's answer: its <paramref name="Report"/>, or the <paramref name="Error"/> that stands for it.</summary>
internal sealed record SiloAnswer(SiloAddress Silo, SiloReport? Report, string? Error);
