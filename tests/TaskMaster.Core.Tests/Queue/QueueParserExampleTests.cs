using TaskMaster.Core.Queue;

namespace TaskMaster.Core.Tests.Queue;

/// <summary>The example of spec/queue-format.md, parsed whole.</summary>
public sealed class QueueParserExampleTests
{
    private const string Example = """
        # Queue: nightly-data-pipeline

        Optional free text: the queue's description.

        - concurrency: 4
        - retries: 2
        - retry-backoff: 2s
        - timeout: 30m

        ## Phase 1: Setup

        ### prepare: Prepare the workspace
        Creates the output folders.
        - run: `mkdir -p out && echo ready > out/ready.txt`
        - timeout: 30s
        - checkpoint: after

        ### fetch: Fetch the inputs
        - depends: prepare
        - retries: 5
        - retry-on: exit 75, timeout
        - resources: cpu=1, memory=256Mi
        - estimate: 2m
        - success: exit 0; file out/input.csv

        ```sh
        ./scripts/fetch.sh --to out/input.csv
        ```

        ## Phase 2: Build

        ### build: Build the report
        - depends: fetch
        - env: MODE=full, LANG=C.UTF-8
        - workdir: out
        - critical: true
        - run: `make -j2 report`

        """;

    private static readonly QueueDefinition Queue = QueueParsing.Valid(Example);

    [Fact]
    public void Parse_SpecExample_ReadsQueueHeader()
    {
        Assert.Equal("nightly-data-pipeline", Queue.Name);
        Assert.Equal("Optional free text: the queue's description.", Queue.Description);
        Assert.Equal(4, Queue.Concurrency);
        Assert.Equal(QueueParsing.SourcePath, Queue.SourcePath);
    }

    [Fact]
    public void Parse_SpecExample_ReadsPhasesInOrder()
    {
        Assert.Equal(
            [new PhaseDefinition("Phase 1: Setup", "", 10), new PhaseDefinition("Phase 2: Build", "", 30)],
            Queue.Phases);
    }

    [Fact]
    public void Parse_SpecExample_ReadsTasksInFileOrder()
    {
        Assert.Equal(["prepare", "fetch", "build"], Queue.Tasks.Select(t => t.Id));
        Assert.Equal(["Phase 1: Setup", "Phase 1: Setup", "Phase 2: Build"], Queue.Tasks.Select(t => t.Phase));
        Assert.Equal([12, 18, 32], Queue.Tasks.Select(t => t.Line));
    }

    [Fact]
    public void Parse_SpecExample_ReadsPrepare()
    {
        var prepare = Queue.Tasks[0];

        Assert.Equal("Prepare the workspace", prepare.Title);
        Assert.Equal("Creates the output folders.", prepare.Description);
        Assert.Equal(new TaskCommand("mkdir -p out && echo ready > out/ready.txt", "/bin/sh", 14, IsScript: false), prepare.Command);
        Assert.Equal(TimeSpan.FromSeconds(30), prepare.Timeout);
        Assert.True(prepare.CheckpointAfter);
        Assert.Empty(prepare.DependsOn);
        Assert.Equal(2, prepare.Retries);
    }

    [Fact]
    public void Parse_SpecExample_ReadsFetch()
    {
        var fetch = Queue.Tasks[1];

        Assert.Equal(["prepare"], fetch.DependsOn);
        Assert.Equal(5, fetch.Retries);
        Assert.Equal(new RetryOn(new HashSet<int> { 75 }, Timeout: true, Signal: false), fetch.RetryOn);
        Assert.Equal(new ResourceRequest(1, 256L * 1024 * 1024), fetch.Resources);
        Assert.Equal(TimeSpan.FromMinutes(2), fetch.Estimate);
        Assert.Equal(new SuccessCriteria(new HashSet<int> { 0 }, ["out/input.csv"], []), fetch.Success);
        Assert.Equal(new TaskCommand("./scripts/fetch.sh --to out/input.csv", "/bin/sh", 26, IsScript: true), fetch.Command);
    }

    [Fact]
    public void Parse_SpecExample_ReadsBuild()
    {
        var build = Queue.Tasks[2];

        Assert.Equal(["fetch"], build.DependsOn);
        Assert.Equal([new("MODE", "full"), new("LANG", "C.UTF-8")], build.Environment);
        Assert.Equal("out", build.WorkingDirectory);
        Assert.True(build.Critical);
        Assert.Equal("make -j2 report", build.Command.Text);
    }

    [Fact]
    public void Parse_SpecExample_AppliesQueueDefaults()
    {
        var build = Queue.Tasks[2];

        Assert.Equal(2, build.Retries);
        Assert.Equal(TimeSpan.FromSeconds(2), build.RetryBackoff);
        Assert.Equal(TimeSpan.FromMinutes(30), build.Timeout);
    }

    [Fact]
    public void Parse_SpecExample_LeavesUnsetFieldsAtFormatDefaults()
    {
        var build = Queue.Tasks[2];

        Assert.Equal(RetryOn.Default, build.RetryOn);
        Assert.Equal(ResourceRequest.Default, build.Resources);
        Assert.Equal(SuccessCriteria.Default, build.Success);
        Assert.Null(build.Estimate);
        Assert.False(build.CheckpointAfter);
        Assert.False(build.AlreadyDone);
    }

    [Fact]
    public void Parse_SpecExample_HashesTheBytes()
    {
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Example)));

        Assert.Equal(expected, Queue.ContentHash);
    }
}
