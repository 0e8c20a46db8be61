// These tests start silos whose failure detection runs on real time, and a browser: one class at a time keeps two
// cores from being so busy that healthy silos miss their probes. It also keeps the process-wide ActivitySource's
// spans to one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
