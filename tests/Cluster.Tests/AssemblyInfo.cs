// Cluster tests start several silos whose failure detection runs on real time: one class at a time keeps
// two cores from being so busy that healthy silos miss their probes.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
