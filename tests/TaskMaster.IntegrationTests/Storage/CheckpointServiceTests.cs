using Amazon.S3.Model;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;
using TaskMaster.Checkpoint.Remote;
using TaskMaster.Contracts.Checkpoint.V1;
using TaskMaster.Core.Checkpoints;
using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.Redis;

namespace TaskMaster.IntegrationTests.Storage;

// Through the real host process; each test uses a run of its own.
public sealed class CheckpointServiceTests(Servers servers, CheckpointServiceFixture fixture) : IClassFixture<CheckpointServiceFixture>
{
    [Fact]
    public async Task SaveListGet_ThroughTheClient_RoundTripsAVerifiedCheckpoint()
    {
        var (client, channel) = fixture.Client();
        using var _ = channel;
        var runId = TestRuns.NewId();
        var store = new GrpcCheckpointStore(client);
        var loader = new GrpcCheckpointLoader(client);

        await store.StoreAsync(TestCheckpoints.Encoded(runId, 1), TestContext.Current.CancellationToken);
        var stored = await store.StoreAsync(TestCheckpoints.Encoded(runId, 2), TestContext.Current.CancellationToken);
        var listed = await client.ListCheckpointsAsync(new ListCheckpointsRequest { RunId = runId }, cancellationToken: TestContext.Current.CancellationToken);
        var newest = await loader.LoadNewestValidAsync(runId, cancellationToken: TestContext.Current.CancellationToken);
        var named = await loader.LoadAsync(listed.Checkpoints[1].Location, cancellationToken: TestContext.Current.CancellationToken);

        Assert.StartsWith($"s3://{fixture.Bucket}/runs/{runId}/checkpoints/0000000002-", stored.Location, StringComparison.Ordinal);
        Assert.StartsWith(RedisCheckpointCache.LocationRoot, stored.MirrorLocation, StringComparison.Ordinal);
        Assert.Equal([(2L, true, true), (1L, true, true)], listed.Checkpoints.Select(c => (c.Sequence, c.InRecord, c.InCache)));
        Assert.Equal((runId, 2L), (newest.Document?.RunId, newest.Document?.Sequence));
        Assert.Equal(TestCheckpoints.Encoded(runId, 1).Checksum, named.Document?.Checksum);
    }

    [Fact]
    public async Task Save_WithAFencingTokenOlderThanTheRunsFence_IsRefusedAsFenced_StoresNothing_AndIsCountedInTheFence()
    {
        var (client, channel) = fixture.Client();
        using var _ = channel;
        var runId = TestRuns.NewId();
        await using var redis = await servers.Redis.ConnectAsync();
        // A newer leader (token 5) has opened the run's journal: its fence is 5.
        await using var journal = await RedisEventJournal.OpenAsync(redis, runId, 5, TestContext.Current.CancellationToken);

        var refused = await Assert.ThrowsAsync<IOException>(() => new GrpcCheckpointStore(client, fencingToken: 4).StoreAsync(TestCheckpoints.Encoded(runId, 1), TestContext.Current.CancellationToken));
        var listed = await client.ListCheckpointsAsync(new ListCheckpointsRequest { RunId = runId }, cancellationToken: TestContext.Current.CancellationToken);
        var accepted = await new GrpcCheckpointStore(client, fencingToken: 5).StoreAsync(TestCheckpoints.Encoded(runId, 2), TestContext.Current.CancellationToken);

        Assert.Contains("FailedPrecondition", refused.Message, StringComparison.Ordinal);
        Assert.Contains("TMFENCED", refused.Message, StringComparison.Ordinal);
        Assert.Empty(listed.Checkpoints);
        Assert.Equal(1, (long)await redis.GetDatabase().HashGetAsync(RedisKeys.Fence(runId), "refused"));
        Assert.Contains("/0000000002-", accepted.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ACheckpointDamagedInBothStores_IsRefusedNamingEachCopy()
    {
        var (client, channel) = fixture.Client();
        using var _ = channel;
        var checkpoint = TestCheckpoints.Encoded(TestRuns.NewId(), 1);
        var stored = await new GrpcCheckpointStore(client).StoreAsync(checkpoint, TestContext.Current.CancellationToken);
        Assert.True(StoredCheckpoint.TryParse(stored.Location, out var named));
        var damaged = TestCheckpoints.Damaged(checkpoint);
        await fixture.S3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = fixture.Bucket, Key = named.RelativePath, InputStream = new MemoryStream(damaged), UseChunkEncoding = false,
        }, TestContext.Current.CancellationToken);
        await using var redis = await servers.Redis.ConnectAsync();
        await redis.GetDatabase().HashSetAsync(RedisKeys.CheckpointBytes(checkpoint.RunId), named.Name, damaged);

        var validated = await client.ValidateCheckpointAsync(new ValidateCheckpointRequest { Location = stored.Location }, cancellationToken: TestContext.Current.CancellationToken);
        var loaded = await new GrpcCheckpointLoader(client).LoadAsync(stored.Location, cancellationToken: TestContext.Current.CancellationToken);

        var read = await new GrpcCheckpointLoader(client).ReadAsync(stored.Location, TestContext.Current.CancellationToken);

        Assert.False(validated.Valid);
        Assert.StartsWith(stored.Location + ": ", read.Refusal?.Reason, StringComparison.Ordinal);
        Assert.Equal([stored.MirrorLocation, stored.Location], validated.Refused.Select(r => r.Location));
        Assert.All(validated.Refused, r => Assert.StartsWith(r.Location + ": ", r.Reason, StringComparison.Ordinal));
        Assert.False(loaded.Found);
        Assert.Equal([stored.MirrorLocation, stored.Location], loaded.Refused.Select(r => r.Location));
    }

    [Fact]
    public async Task Save_ADamagedCheckpoint_IsRefusedAndStoresNothing()
    {
        var (client, channel) = fixture.Client();
        using var _ = channel;
        var checkpoint = TestCheckpoints.Encoded(TestRuns.NewId(), 1);

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await client.SaveCheckpointAsync(
            new SaveCheckpointRequest { Checkpoint = ByteString.CopyFrom(TestCheckpoints.Damaged(checkpoint)) }, cancellationToken: TestContext.Current.CancellationToken));
        var listed = await client.ListCheckpointsAsync(new ListCheckpointsRequest { RunId = checkpoint.RunId }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Empty(listed.Checkpoints);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token")]
    [InlineData("Bearer ")]
    [InlineData("Bearer")]
    public async Task Calls_WithoutTheToken_AreRefusedAndChangeNothing(string? authorization)
    {
        using var bare = GrpcChannel.ForAddress(fixture.Service.GrpcUrl);
        var client = new CheckpointService.CheckpointServiceClient(bare);
        var headers = authorization is null ? [] : new Metadata { { "authorization", authorization } };
        var checkpoint = TestCheckpoints.Encoded(TestRuns.NewId(), 1);

        var save = await Assert.ThrowsAsync<RpcException>(async () => await client.SaveCheckpointAsync(
            new SaveCheckpointRequest { Checkpoint = ByteString.CopyFrom(checkpoint.Bytes.Span) }, headers, cancellationToken: TestContext.Current.CancellationToken));
        var state = await Assert.ThrowsAsync<RpcException>(async () => await client.SaveTaskStateAsync(
            new SaveTaskStateRequest { RunId = checkpoint.RunId, TaskId = "build", Content = ByteString.CopyFromUtf8("x") }, headers, cancellationToken: TestContext.Current.CancellationToken));
        var list = await Assert.ThrowsAsync<RpcException>(async () => await client.ListCheckpointsAsync(
            new ListCheckpointsRequest { RunId = checkpoint.RunId }, headers, cancellationToken: TestContext.Current.CancellationToken));
        var (authorized, channel) = fixture.Client();
        using var _ = channel;
        var listed = await authorized.ListCheckpointsAsync(new ListCheckpointsRequest { RunId = checkpoint.RunId }, cancellationToken: TestContext.Current.CancellationToken);
        var stateAfter = await authorized.GetTaskStateAsync(new GetTaskStateRequest { RunId = checkpoint.RunId, TaskId = "build" }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([StatusCode.Unauthenticated, StatusCode.Unauthenticated, StatusCode.Unauthenticated], new[] { save.StatusCode, state.StatusCode, list.StatusCode });
        Assert.Empty(listed.Checkpoints);
        Assert.False(stateAfter.Found);
    }

    [Fact]
    public async Task TaskState_SaveThenGet_RoundTripsWithItsSha256()
    {
        var (client, channel) = fixture.Client();
        using var _ = channel;
        var runId = TestRuns.NewId();

        var saved = await client.SaveTaskStateAsync(new SaveTaskStateRequest { RunId = runId, TaskId = "build", Content = ByteString.CopyFromUtf8("step=3\n") },
            cancellationToken: TestContext.Current.CancellationToken);
        var read = await client.GetTaskStateAsync(new GetTaskStateRequest { RunId = runId, TaskId = "build" }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(read.Found);
        Assert.Equal("step=3\n", read.Content.ToStringUtf8());
        Assert.Equal(saved.Sha256, read.Sha256);
    }

    [Fact]
    public async Task HealthAndReflection_AnswerWithoutTheToken()
    {
        using var bare = GrpcChannel.ForAddress(fixture.Service.GrpcUrl);
        using var http = new HttpClient();

        var health = await new Health.HealthClient(bare).CheckAsync(new HealthCheckRequest(), cancellationToken: TestContext.Current.CancellationToken);
        using var reflection = new ServerReflection.ServerReflectionClient(bare).ServerReflectionInfo(cancellationToken: TestContext.Current.CancellationToken);
        await reflection.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" }, TestContext.Current.CancellationToken);
        await reflection.RequestStream.CompleteAsync();
        Assert.True(await reflection.ResponseStream.MoveNext(TestContext.Current.CancellationToken));
        var services = reflection.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        using var healthz = await http.GetAsync(new Uri(fixture.Service.HttpUrl, "/healthz"), TestContext.Current.CancellationToken);
        using var readyz = await http.GetAsync(new Uri(fixture.Service.HttpUrl, "/readyz"), TestContext.Current.CancellationToken);
        var metrics = await http.GetStringAsync(new Uri(fixture.Service.HttpUrl, "/metrics"), TestContext.Current.CancellationToken);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Contains("taskmaster.checkpoint.v1.CheckpointService", services);
        Assert.Contains("grpc.health.v1.Health", services);
        Assert.True(healthz.IsSuccessStatusCode && readyz.IsSuccessStatusCode);
        Assert.Contains("process_cpu_seconds_total", metrics, StringComparison.Ordinal);
    }
}
