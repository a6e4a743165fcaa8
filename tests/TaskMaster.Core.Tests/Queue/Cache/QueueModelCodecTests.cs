using System.Reflection;
using System.Text.Json;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Queue.Cache;

namespace TaskMaster.Core.Tests.Queue.Cache;

/// <summary>The cache's binary model: every field comes back as the parser made it.</summary>
public sealed class QueueModelCodecTests
{
    private const string EveryField = """
        # Queue: every field

        What the queue is for.

        - concurrency: 3
        - retries: 2
        - retry-backoff: 3s
        - timeout: 30m
        - env: MODE=full, LANG=C.UTF-8

        ## Phase one

        The first phase.

        ### prepare: Prepare *the* workspace

        Makes `out`.

        - run: `mkdir -p out`
        - checkpoint: after
        - status: done

        ### fetch: Fetch

        - depends: prepare
        - retries: 5
        - retry-on: exit 75, exit 76, timeout
        - resources: cpu=0.5, memory=256Mi
        - estimate: 2m
        - success: exit 0,3; file out/input.csv; stdout contains fetched

        ```bash
        echo fetched
        ```

        ## Phase two

        ### build: Build

        - depends: fetch, prepare
        - env: ONLY=this
        - workdir: out
        - critical: true
        - timeout: 1h30m
        - run: make -j2 report
        """;

    [Fact]
    public void Decode_EveryField_SameModelAsParsed()
    {
        var parsed = QueueParsing.Valid(EveryField);

        var decoded = QueueModelReader.Decode(QueueModelWriter.Encode(parsed), parsed.SourcePath, parsed.ContentHash);

        Assert.Equal(Json(parsed), Json(decoded));
    }

    [Fact]
    public void Decode_SharedDefaults_StayShared()
    {
        var parsed = QueueParsing.Valid(EveryField);

        var decoded = QueueModelReader.Decode(QueueModelWriter.Encode(parsed), parsed.SourcePath, parsed.ContentHash);

        Assert.Same(decoded.Tasks[0].Environment, decoded.Tasks[1].Environment);
        Assert.Same(decoded.Tasks[0].Resources, decoded.Tasks[2].Resources);
        Assert.Same(decoded.Tasks[0].Id, decoded.Tasks[1].DependsOn[0]);
    }

    [Fact]
    public void Decode_CutShort_IsRefused()
    {
        var parsed = QueueParsing.Valid(EveryField);
        var bytes = QueueModelWriter.Encode(parsed);

        Assert.Throws<InvalidDataException>(() => QueueModelReader.Decode(bytes[..^1], parsed.SourcePath, parsed.ContentHash));
        Assert.Throws<InvalidDataException>(() => QueueModelReader.Decode([.. bytes, 0], parsed.SourcePath, parsed.ContentHash));
    }

    // A field added to the model must be written to the cache too (and FormatVersion raised), or a cached queue would silently lose it.
    [Theory]
    [InlineData(typeof(QueueDefinition), "BaseDirectory,Concurrency,ContentHash,Description,Name,Phases,SourcePath,Tasks")]
    [InlineData(typeof(PhaseDefinition), "Description,Line,Name")]
    [InlineData(typeof(TaskDefinition), "AlreadyDone,CheckpointAfter,Command,Critical,DependsOn,Description,Environment,Estimate,Id,Line,Phase," +
                                        "Resources,Retries,RetryBackoff,RetryOn,Success,Timeout,Title,WorkingDirectory")]
    [InlineData(typeof(TaskCommand), "IsScript,Line,Shell,Text")]
    [InlineData(typeof(RetryOn), "ExitCodes,Signal,Timeout")]
    [InlineData(typeof(SuccessCriteria), "ExitCodes,FilesExist,StdoutContains")]
    [InlineData(typeof(ResourceRequest), "Cpu,MemoryBytes")]
    public void Model_Properties_AreTheOnesTheCacheWrites(Type type, string written)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).Order(StringComparer.Ordinal);

        Assert.Equal(written, string.Join(",", properties));
    }

    private static string Json(QueueDefinition queue) => JsonSerializer.Serialize(queue);
}
