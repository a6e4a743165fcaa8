using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using TaskMaster.Contracts.Checkpoint.V1;
using TaskMaster.IntegrationTests.Storage;

namespace TaskMaster.IntegrationTests.Hostile;

/// <summary>
/// The checkpoint service's gRPC API under input no honest client sends: bytes that are not a
/// request, checkpoint bytes that are not a checkpoint, run ids that are unknown or try to leave their
/// folder, locations of no checkpoint. Each is refused with a status that says why, nothing is stored,
/// and the service saves and reads the next good checkpoint.
/// </summary>
public sealed class CheckpointServiceHostileInputTests(HostileServices services) : IClassFixture<HostileServices>
{
    private const string Service = "taskmaster.checkpoint.v1.CheckpointService";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("SaveCheckpoint")]
    [InlineData("GetCheckpoint")]
    [InlineData("ListCheckpoints")]
    [InlineData("ValidateCheckpoint")]
    [InlineData("SaveTaskState")]
    [InlineData("GetTaskState")]
    public async Task Call_MalformedProtobuf_InvalidArgumentNamingTheRequestType(string method)
    {
        var service = await services.StartedAsync("checkpoint");

        var refused = await RawGrpc.CallAsync(service.GrpcUrl, $"{Service}/{method}", [0x00, 0x0a, 0xff, 0xff, 0xff, 0x7f, 0x01], services.Token);

        Assert.Equal(StatusCode.InvalidArgument, refused.Code);
        Assert.StartsWith($"the request is not a taskmaster.checkpoint.v1.{method}Request message: ", refused.Detail, StringComparison.Ordinal);
    }

    public static readonly TheoryData<string> NotCheckpoints = ["noise", "empty object", "truncated", "out-of-range time", "hostile run id"];

    [Theory]
    [MemberData(nameof(NotCheckpoints))]
    public async Task Save_BytesThatAreNotAGoodCheckpoint_InvalidArgumentWithTheCodecsReasonAndNothingStored(string what)
    {
        var service = await services.StartedAsync("checkpoint");
        using var channel = Channel(service.GrpcUrl);
        var client = new CheckpointService.CheckpointServiceClient(channel);
        var runId = TestRuns.NewId();
        var good = TestCheckpoints.Encoded(runId, 1).Bytes.ToArray();
        var bytes = what switch
        {
            "noise" => System.Text.Encoding.UTF8.GetBytes("\u0000\u001f\u008b garbage"),
            "empty object" => "{}"u8.ToArray(),
            "truncated" => good[..(good.Length / 2)],
            // Found by the codec's fuzzer (seed 421294284, input 34619): its task table holds a time past year 9999.
            "out-of-range time" => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Hostile", "time-past-9999.json")),
            _ => TestCheckpoints.Encoded("../../etc", 1).Bytes.ToArray(),
        };

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.SaveCheckpointAsync(new SaveCheckpointRequest { Checkpoint = ByteString.CopyFrom(bytes) }, cancellationToken: Cancel));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(refused.Status.Detail));
        Assert.Empty((await client.ListCheckpointsAsync(new ListCheckpointsRequest { RunId = runId }, cancellationToken: Cancel)).Checkpoints);
        var saved = await client.SaveCheckpointAsync(new SaveCheckpointRequest { Checkpoint = ByteString.CopyFrom(good) }, cancellationToken: Cancel);
        Assert.Equal(1, saved.Checkpoint.Sequence);
    }

    [Fact]
    public async Task Calls_UnknownAndHostileRunIdsAndLocations_RefusedWithAStatusThatSaysWhy()
    {
        var service = await services.StartedAsync("checkpoint");
        using var channel = Channel(service.GrpcUrl);
        var client = new CheckpointService.CheckpointServiceClient(channel);
        var unknown = TestRuns.NewId();

        var answers = new List<(string What, StatusCode Code, string Detail)>();
        async Task Call(string what, Func<Task> call)
        {
            try
            {
                await call();
                answers.Add((what, StatusCode.OK, ""));
            }
            catch (RpcException e)
            {
                answers.Add((what, e.StatusCode, e.Status.Detail));
            }
        }

        await Call("newest of an unknown run", () => client.GetCheckpointAsync(new GetCheckpointRequest { RunId = unknown }, cancellationToken: Cancel).ResponseAsync);
        await Call("a run id with ../", () => client.ListCheckpointsAsync(new ListCheckpointsRequest { RunId = "../../etc" }, cancellationToken: Cancel).ResponseAsync);
        await Call("a task id with ../", () => client.GetTaskStateAsync(new GetTaskStateRequest { RunId = unknown, TaskId = "../../passwd" }, cancellationToken: Cancel).ResponseAsync);
        await Call("a state for a run id with ../", () => client.SaveTaskStateAsync(
            new SaveTaskStateRequest { RunId = "../x", TaskId = "a", Content = ByteString.CopyFromUtf8("x") }, cancellationToken: Cancel).ResponseAsync);
        foreach (var location in new[] { "../../etc/passwd", "s3://another-bucket/runs/x/checkpoints/0000000001-x.json.gz", $"s3://b/runs/{unknown}/../../../x", "redis://nothing", "", new string('x', 100_000) })
        {
            await Call($"get {location[..Math.Min(location.Length, 60)]}", () => client.GetCheckpointAsync(new GetCheckpointRequest { Location = location }, cancellationToken: Cancel).ResponseAsync);
            await Call($"validate {location[..Math.Min(location.Length, 60)]}", async () =>
            {
                var validated = await client.ValidateCheckpointAsync(new ValidateCheckpointRequest { Location = location }, cancellationToken: Cancel);
                Assert.False(validated.Valid, location);
            });
        }
        var listed = await client.ListCheckpointsAsync(new ListCheckpointsRequest { RunId = unknown }, cancellationToken: Cancel);

        Assert.Empty(listed.Checkpoints);
        Assert.All(answers, a => Assert.True(a.Code is StatusCode.OK or StatusCode.NotFound or StatusCode.InvalidArgument, $"{a.What}: {a.Code} {a.Detail}"));
        Assert.All(answers.Where(a => a.Code != StatusCode.OK), a => Assert.False(string.IsNullOrWhiteSpace(a.Detail), a.What));
        Assert.Contains(answers, a => a.What == "a run id with ../" && a.Code == StatusCode.InvalidArgument && a.Detail.Contains("'../../etc' is not a run id", StringComparison.Ordinal));
        Assert.Contains(answers, a => a.What == "newest of an unknown run" && a.Code == StatusCode.NotFound);
        await EveryServiceHostileInputTests.AssertServesAsync(service);
    }

    private GrpcChannel Channel(Uri url)
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", services.Token);
        return GrpcChannel.ForAddress(url, new GrpcChannelOptions { HttpClient = http, DisposeHttpClient = true });
    }
}
