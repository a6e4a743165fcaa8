using System.Globalization;
using System.Runtime.InteropServices;
using TaskMaster.Chaos.Tests.Checking;
using TaskMaster.Testing.Servers;

namespace TaskMaster.Chaos.Tests.Campaign;

/// <summary>
/// Injects one <see cref="PlannedFault"/> into a <see cref="ChaosStack"/> and heals it: returns once the part
/// hit serves again, with when the fault was on. Every fault heals before this returns, so the stack is whole
/// between faults and after the last. A fault of the scheduler picks its replica by role when it is injected
/// (the leader once one is settled) and heals once a replica leads again with its runs resumed.
/// </summary>
public sealed partial class FaultInjector(ChaosStack stack, TimeProvider time)
{
    private const int SigStop = 19;
    private const int SigCont = 18;

    /// <summary>Whether this stack can take <paramref name="kind"/> (a full disk needs the workers' tmpfs), and why not.</summary>
    public string? CannotInject(FaultKind kind) =>
        kind == FaultKind.WorkerDiskFull ? stack.NoWorkerDisks
        : kind == FaultKind.StandbyKill && stack.Schedulers.All.Count < 2 ? "the stack runs one scheduler replica: none stands by"
        : null;

    public async Task<FaultRecord> InjectAsync(PlannedFault fault, CancellationToken cancellationToken)
    {
        var target = fault.Kind.HitsAWorker ? $"worker-{fault.Worker + 1}" : fault.Kind.Name.Split('-')[0];
        // The replica is chosen by its role now, before the fault's time starts: a takeover still under way is no part of it.
        var replica = fault.Kind == FaultKind.LeaderKill || fault.Kind == FaultKind.LeaderPause ? await stack.Schedulers.LeaderAsync()
            : fault.Kind == FaultKind.StandbyKill ? await stack.Schedulers.StandbyAsync()
            : null;
        if (replica is not null) target = stack.Schedulers.NameOf(replica);
        var injectedAt = time.GetUtcNow();
        switch (fault.Kind.Name)
        {
            case "worker-kill":
                await KillAndStartAsync(stack.Workers[fault.Worker], fault.Hold, cancellationToken);
                break;
            case "worker-pause":
                var pid = MainPid(stack.Workers[fault.Worker]);
                Signal(pid, SigStop);
                try
                {
                    await Task.Delay(fault.Hold, time, cancellationToken);
                }
                finally
                {
                    Signal(pid, SigCont);
                }
                break;
            case "scheduler-kill":
                target = "scheduler";
                await Task.WhenAll(stack.Schedulers.All.Select(r => r.KillAsync(cancellationToken)));
                await HoldThenAsync(fault.Hold, () => Task.WhenAll(stack.Schedulers.All.Select(r => r.StartAgainAsync(CancellationToken.None))), cancellationToken);
                target += LedBy(await stack.Schedulers.LeaderAsync());
                break;
            case "leader-kill":
            case "standby-kill":
                await KillAndStartAsync(replica!, fault.Hold, cancellationToken);
                target += LedBy(await stack.Schedulers.LeaderAsync());
                break;
            case "leader-pause":
                // The process group: the scheduler runs no tasks of its own.
                replica!.Pause();
                try
                {
                    await Task.Delay(fault.Hold, time, cancellationToken);
                }
                finally
                {
                    replica!.Continue();
                }
                // Healed once the woken one serves again (it steps down, or leads again in a new term if no standby took
                // over) and a leader is settled.
                await Probe.UntilAsync(async () => await replica.AnswersAsync("readyz") ? "ready" : null, SchedulerReplicas.SettleTimeout,
                    $"{target} ready again after its pause", stack.Schedulers.Logs);
                target += LedBy(await stack.Schedulers.LeaderAsync());
                break;
            case "checkpoint-kill":
                await KillAndStartAsync(stack.Checkpoint, fault.Hold, cancellationToken);
                break;
            case "monitor-kill":
                await KillAndStartAsync(stack.Monitor, fault.Hold, cancellationToken);
                break;
            case "rabbitmq-restart":
                await stack.RabbitMq.RestartAsync(cancellationToken);
                break;
            case "redis-restart":
                await stack.Redis.CrashAndStartAsync(cancellationToken);
                break;
            case "s3-outage":
                await stack.S3.StopAsync(cancellationToken);
                await HoldThenAsync(fault.Hold, () => stack.S3.StartAgainAsync(CancellationToken.None), cancellationToken);
                break;
            case "worker-disk-full":
                var disk = (stack.WorkerDisks ?? throw new InvalidOperationException(stack.NoWorkerDisks))[fault.Worker];
                disk.Fill();
                try
                {
                    await Task.Delay(fault.Hold, time, cancellationToken);
                }
                finally
                {
                    disk.Free();
                }
                break;
            default:
                throw new ArgumentException($"no way to inject '{fault.Kind.Name}'", nameof(fault));
        }
        return new FaultRecord(fault.Kind.Name, target, injectedAt, time.GetUtcNow());
    }

    // Who leads once a scheduler's fault healed, for the schedule's line: "scheduler-1→scheduler-2" is a takeover.
    private string LedBy(ServiceProcess leader) => "→" + stack.Schedulers.NameOf(leader);

    private async Task KillAndStartAsync(ServiceProcess service, TimeSpan hold, CancellationToken cancellationToken)
    {
        await service.KillAsync(cancellationToken);
        await HoldThenAsync(hold, () => service.StartAgainAsync(CancellationToken.None), cancellationToken);
    }

    // The part comes back even when the campaign is cancelled during the hold: the stack is never left broken.
    private async Task HoldThenAsync(TimeSpan hold, Func<Task> heal, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(hold, time, cancellationToken);
        }
        finally
        {
            await heal();
        }
    }

    // scripts/servers/lib.sh starts a service with setsid exec'ing it: the last PID listed is the service itself.
    private static int MainPid(ServiceProcess service) =>
        int.Parse(File.ReadAllLines(Path.Combine(service.Folder!, "pids")).Last(line => line.Length > 0).Trim(), CultureInfo.InvariantCulture);

    private static void Signal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
