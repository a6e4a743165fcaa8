using TaskMaster.Testing.Servers;

namespace TaskMaster.Chaos.Tests.Campaign;

/// <summary>
/// The scheduler's replicas in a <see cref="ChaosStack"/> (docs/cluster.md, "Failover") and which of them leads
/// now, learnt as a load balancer learns it: each replica's <c>GET /leader</c> (200 while it leads).
/// </summary>
public sealed class SchedulerReplicas(IReadOnlyList<ServiceProcess> replicas)
{
    /// <summary>How long a takeover may take before the campaign gives up on it: far more than a lease plus a renewal, for a loaded machine.</summary>
    public static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(90);

    public IReadOnlyList<ServiceProcess> All => replicas;

    /// <summary>The replica's name in the campaign's lines: <c>scheduler-1</c>, <c>scheduler-2</c>, …</summary>
    public string NameOf(ServiceProcess replica)
    {
        var index = replicas.ToList().IndexOf(replica);
        return index >= 0 ? $"scheduler-{index + 1}" : throw new ArgumentException("not a replica of this stack", nameof(replica));
    }

    /// <summary>
    /// The replica that leads with its runs resumed (it answers <c>/leader</c>, then <c>/readyz</c>: a new leader is
    /// ready once its runs are resumed), awaited up to <see cref="SettleTimeout"/>.
    /// </summary>
    public Task<ServiceProcess> LeaderAsync() => Probe.UntilAsync(async () =>
    {
        foreach (var replica in replicas)
        {
            if (await replica.AnswersAsync("leader") && await replica.AnswersAsync("readyz")) return replica;
        }
        return null;
    }, SettleTimeout, "a scheduler replica leading with its runs resumed", Logs);

    /// <summary>A replica standing by under a settled leader (alive and ready, not leading); null when the stack runs one replica.</summary>
    public async Task<ServiceProcess?> StandbyAsync()
    {
        if (replicas.Count < 2) return null;
        var leader = await LeaderAsync();
        return await Probe.UntilAsync(async () =>
        {
            foreach (var replica in replicas.Where(r => r != leader))
            {
                if (await replica.AnswersAsync("readyz") && !await replica.AnswersAsync("leader")) return replica;
            }
            return null;
        }, SettleTimeout, "a scheduler replica standing by", Logs);
    }

    public string Logs() => string.Join(Environment.NewLine, replicas.Select(r => r.LogTail()));
}
