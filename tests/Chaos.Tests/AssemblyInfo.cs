// The randomized runs start several silos whose failure detection runs on real time: one test at a time keeps
// two cores from being so busy that healthy silos miss their probes.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
