using Grpc.Net.Client;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.Core.Events;
using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.IntegrationTests.Storage;
using TaskMaster.SchedulerService.Tests.Support;
using TaskMaster.Testing.Servers;
using SchedulerClient = TaskMaster.Contracts.Scheduler.V1.SchedulerService.SchedulerServiceClient;
using Settings = TaskMaster.IntegrationTests.Services.ServiceSettings;

namespace TaskMaster.IntegrationTests.Cluster;

/// <summary>
/// The whole distributed shape as real processes, as scripts/dev-up.sh starts it, on the assembly's
/// shared servers: the checkpoint service, the scheduler service in cluster mode and two worker
/// services, one token for all. Its own Redis database, queue prefix and bucket keep it apart from
/// every other test on those servers; its tests keep apart by run. Tests may kill and restart its
/// processes, and put each back before they end.
/// </summary>
public sealed partial class ClusterStack : IAsyncLifetime
{
    public const int WorkerCount = 2;

    private readonly Servers _servers;
    private readonly RabbitMqServer _broker;
    private readonly ClusterStackServers _own;
    private readonly ServerRoot _root = new("cl");
    private readonly List<GrpcChannel> _channels = [];
    private readonly int _schedulerCount = 1;

    public ClusterStack(Servers servers)
        : this(servers, new ClusterStackServers())
    {
    }

    /// <summary>A stack on <paramref name="broker"/>: a test's own, to restart.</summary>
    internal ClusterStack(Servers servers, RabbitMqServer broker)
        : this(servers, new ClusterStackServers(Broker: broker))
    {
    }

    /// <summary>A stack on the servers of the test's own that <paramref name="own"/> names, the shared ones for the rest.</summary>
    /// <param name="schedulers">Scheduler replicas sharing the lease: the first started leads, the others stand by.</param>
    internal ClusterStack(Servers servers, ClusterStackServers own, int schedulers = 1)
    {
        _servers = servers;
        _own = own;
        _broker = own.Broker ?? servers.RabbitMq;
        _schedulerCount = schedulers;
    }

    public ServiceProcess Checkpoint { get; private set; } = null!;

    /// <summary>The first scheduler replica: the one that leads when the stack starts.</summary>
    public ServiceProcess Scheduler => Schedulers[0];

    /// <summary>Every scheduler replica, in the order they were started.</summary>
    public IReadOnlyList<ServiceProcess> Schedulers { get; private set; } = [];

    public IReadOnlyList<ServiceProcess> Workers { get; private set; } = [];

    /// <summary>worker-1's and worker-2's homes: what <c>$TASKMASTER_HOME</c> is for the tasks each runs.</summary>
    public IReadOnlyList<string> WorkerHomes { get; private set; } = [];

    public string Token { get; private set; } = "";

    /// <summary>The stack's Redis: the shared server, a database of its own (a scheduler resumes every unfinished run it lists, and the schedulers share one lease per database).</summary>
    public string RedisEndpoint { get; private set; } = "";

    /// <summary>What every service of the stack is given to reach the broker (URI, queue prefix) and the token file.</summary>
    public IReadOnlyDictionary<string, string> BrokerSettings { get; private set; } = new Dictionary<string, string>();

    /// <summary>The bucket the checkpoint service keeps the stack's checkpoints in.</summary>
    public string Bucket { get; private set; } = "";

    /// <summary>The folder the stack's processes and files live in.</summary>
    internal ServerRoot Root => _root;

    public async ValueTask InitializeAsync()
    {
        var cancel = TestContext.Current.CancellationToken;
        // A Redis of the test's own is the stack's alone; its clients give up soon, so that its outage is noticed at once.
        RedisEndpoint = _own.Redis is { } redis
            ? $"{redis.Endpoint},connectTimeout=1000,asyncTimeout=2000"
            : _servers.OwnRedisEndpoint();
        Bucket = $"taskmaster-{Guid.NewGuid():N}"[..30];
        var (checkpointSettings, token) = CheckpointServiceFixture.SettingsIn(_servers, _root.Folder, Bucket);
        Token = token;
        checkpointSettings["TASKMASTER_REDIS__ENDPOINT"] = RedisEndpoint;
        OwnStores(checkpointSettings);
        Checkpoint = await ServiceProcess.StartAsync(_root, "checkpoint", checkpointSettings, cancellationToken: cancel);

        var tokenFile = checkpointSettings["TASKMASTER_CONTROL__TOKENFILE"];
        var prefix = "c" + Guid.NewGuid().ToString("N")[..12];
        var broker = new Dictionary<string, string>
        {
            ["TASKMASTER_RABBITMQ__URI"] = _broker.AmqpUri.ToString(),
            ["TASKMASTER_RABBITMQ__PREFIX"] = prefix,
            ["TASKMASTER_CONTROL__TOKENFILE"] = tokenFile,
        };
        BrokerSettings = broker;
        var schedulers = new List<ServiceProcess>();
        // One after the other: the first takes the lease (and resumes nothing yet), the others find it held and stand by.
        for (var k = 1; k <= _schedulerCount; k++)
        {
            var instance = k == 1 ? "scheduler" : $"scheduler-{k}";
            schedulers.Add(await ServiceProcess.StartAsync(_root, "scheduler", new Dictionary<string, string>(broker)
            {
                ["TASKMASTER_SCHEDULER__ADAPTERS"] = "cluster",
                ["TASKMASTER_SCHEDULER__STATEDIRECTORY"] = Path.Combine(_root.Folder, $"{instance}-state"),
                ["TASKMASTER_REDIS__ENDPOINT"] = RedisEndpoint,
                ["TASKMASTER_CHECKPOINT__URL"] = Checkpoint.GrpcUrl.ToString(),
                // Longer than the product's 1.6 s: two shared cores under a whole test suite must not lose a worker that is alive.
                ["TASKMASTER_DISPATCH__LEASETIMEOUT"] = "00:00:05",
                // Alone, a replica has nobody to hand over to: a longer lease than the product's 3 s keeps a stall of
                // the loaded test machine from making it step down and resume its own runs.
                ["TASKMASTER_SCHEDULER__LEASESECONDS"] = _schedulerCount == 1 ? "6" : "3",
            }, instance: instance, cancellationToken: cancel));
        }
        Schedulers = schedulers;

        var homes = Enumerable.Range(1, WorkerCount).Select(k => Path.Combine(_root.Folder, $"worker-{k}-home")).ToList();
        Workers = await Task.WhenAll(Enumerable.Range(1, WorkerCount).Select(k => ServiceProcess.StartAsync(_root, "worker",
            new Dictionary<string, string>(broker)
            {
                ["TASKMASTER_WORKER__ID"] = $"worker-{k}",
                ["TASKMASTER_WORKER__HOME"] = homes[k - 1],
                ["TASKMASTER_WORKER__CONCURRENCY"] = "2",
            }, instance: $"worker-{k}", cancellationToken: cancel)));
        WorkerHomes = homes;
    }

    // The checkpoint service on the test's own S3 server and Alertmanager, where it has them.
    private void OwnStores(Dictionary<string, string> checkpointSettings)
    {
        if (_own.S3 is { } s3)
        {
            checkpointSettings["TASKMASTER_S3__URL"] = s3.ServiceUrl.ToString();
            checkpointSettings["TASKMASTER_S3__ACCESSKEY"] = s3.AccessKey;
            Core.Storage.PrivateFiles.WriteAllText(checkpointSettings["TASKMASTER_S3__SECRETKEYFILE"], s3.SecretKey + "\n");
            // Soon given up on, as the Redis above: a checkpoint goes to Redis alone without waiting long for S3.
            checkpointSettings["TASKMASTER_S3__TIMEOUTSECONDS"] = "2";
            checkpointSettings["TASKMASTER_S3__MAXRETRIES"] = "0";
        }
        if (_own.Alertmanager is { } alertmanager)
        {
            checkpointSettings["TASKMASTER_CHECKPOINT__ALERTMANAGER__URL"] = alertmanager.Url.ToString();
            checkpointSettings["TASKMASTER_CHECKPOINT__ALERTMANAGER__RETRYDELAY"] = "00:00:00.200";
        }
    }

    /// <summary>A client of the scheduler with the stack's token (<paramref name="authorization"/>: another header, or none).</summary>
    public SchedulerClient Client(string? authorization = "") => Client(Scheduler, authorization);

    /// <summary>A client of <paramref name="scheduler"/> (one of <see cref="Schedulers"/>) with the stack's token, or <paramref name="authorization"/>.</summary>
    public SchedulerClient Client(ServiceProcess scheduler, string? authorization = "") =>
        SchedulerClients.Create(scheduler.GrpcUrl, authorization == "" ? $"Bearer {Token}" : authorization, _channels);

    /// <summary>A folder of the test's own holding <c>task-queue.md</c>; the workers see it at the same path (the shared volume).</summary>
    public (string Text, string Path) Queue(string name, string text)
    {
        var folder = Directory.CreateDirectory(System.IO.Path.Combine(_root.Folder, "queues", $"{name}-{Guid.NewGuid():N}"[..24])).FullName;
        var path = System.IO.Path.Combine(folder, "task-queue.md");
        File.WriteAllText(path, text);
        return (text, path);
    }

    /// <summary>Submits <paramref name="text"/> (a queue in a folder of its own, as <see cref="Queue"/>) to the scheduler: the run's id and the queue's folder.</summary>
    public async Task<(string RunId, string Folder)> SubmitAsync(string name, string text)
    {
        var (queueText, path) = Queue(name, text);
        var runId = (await Client().SubmitRunAsync(new SubmitRunRequest { QueueText = queueText, QueuePath = path }, SchedulerClients.Within())).RunId;
        return (runId, System.IO.Path.GetDirectoryName(path)!);
    }

    /// <summary>Which worker a task's file <c>holder-…</c> (written by the task: <c>echo "$TASKMASTER_HOME"</c>) names.</summary>
    public int WorkerOf(string holderFile) => WorkerHomes.ToList().IndexOf(File.ReadAllText(holderFile).Trim());

    /// <summary>Every process of the stack: the checkpoint service, the scheduler, the workers.</summary>
    public IEnumerable<ServiceProcess> Services => new[] { Checkpoint }.Concat(Schedulers).Concat(Workers);

    /// <summary>What the services logged, for a failing test's message.</summary>
    public string Logs() =>
        string.Join(Environment.NewLine, Services.Select(s => s.LogTail()));

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels) channel.Dispose();
        await _root.DisposeAsync();
    }
}

/// <summary>The servers of a test's own a <see cref="ClusterStack"/> stands on (to stop, crash, restart); null: the shared one.</summary>
internal sealed record ClusterStackServers(
    RabbitMqServer? Broker = null, RedisServer? Redis = null, S3Server? S3 = null, AlertmanagerServer? Alertmanager = null);
