using System.Globalization;
using TaskMaster.Testing.Servers;

namespace TaskMaster.Benchmarks.Cluster;

/// <summary>
/// Worker services as real processes (the binaries dev-up.sh and the images run) on one broker
/// prefix, added one at a time so that a run of the suite measures 1, 2, then 4 of them.
/// </summary>
internal sealed class WorkerFleet(ServerRoot root, RabbitMqServer broker, string prefix, string tokenFile, int concurrency) : IAsyncDisposable
{
    private readonly List<ServiceProcess> _workers = [];

    public IReadOnlyList<ServiceProcess> Processes => _workers;

    public IReadOnlyList<string?> Folders => [.. _workers.Select(w => w.Folder)];

    /// <summary>What <c>$TASKMASTER_HOME</c> is for the tasks the <paramref name="index"/>-th worker (from 0) runs.</summary>
    public string HomeOf(int index) => Path.Combine(root.Folder, $"home-{prefix}-w{index + 1}");

    /// <summary>Starts workers until there are <paramref name="count"/>, each returned once ready.</summary>
    public async Task GrowToAsync(int count)
    {
        while (_workers.Count < count)
        {
            var id = $"w{_workers.Count + 1}";
            _workers.Add(await ServiceProcess.StartAsync(root, "worker", new Dictionary<string, string>
            {
                ["TASKMASTER_RABBITMQ__URI"] = broker.AmqpUri.ToString(),
                ["TASKMASTER_RABBITMQ__PREFIX"] = prefix,
                ["TASKMASTER_WORKER__ID"] = id,
                ["TASKMASTER_WORKER__HOME"] = HomeOf(_workers.Count),
                ["TASKMASTER_WORKER__CONCURRENCY"] = concurrency.ToString(CultureInfo.InvariantCulture),
                ["TASKMASTER_CONTROL__TOKENFILE"] = tokenFile,
            }, instance: $"worker-{prefix}-{id}"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_workers.Select(w => w.StopAsync()));
        _workers.Clear();
    }
}
