using System.Globalization;
using System.Runtime.InteropServices;
using TaskMaster.Chaos.Tests.Checking;
using TaskMaster.Testing.Servers;

namespace TaskMaster.Chaos.Tests.Campaign;

/// <summary>
/// Injects one <see cref="PlannedFault"/> into a <see cref="ChaosStack"/> and heals it: returns once the part
/// hit serves again, with when the fault was on. Every fault heals before this returns, so the stack is whole
/// between faults and after the last.
/// </summary>
public sealed partial class FaultInjector(ChaosStack stack, TimeProvider time)
{
    private const int SigStop = 19;
    private const int SigCont = 18;

    /// <summary>Whether this stack can take <paramref name="kind"/> (a full disk needs the workers' tmpfs), and why not.</summary>
    public string? CannotInject(FaultKind kind) => kind == FaultKind.WorkerDiskFull ? stack.NoWorkerDisks : null;

    public async Task<FaultRecord> InjectAsync(PlannedFault fault, CancellationToken cancellationToken)
    {
        var target = fault.Kind.HitsAWorker ? $"worker-{fault.Worker + 1}" : fault.Kind.Name.Split('-')[0];
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
                await KillAndStartAsync(stack.Scheduler, fault.Hold, cancellationToken);
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
