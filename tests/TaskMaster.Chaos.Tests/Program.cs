using System.Globalization;
using System.Runtime.InteropServices;
using TaskMaster.Chaos.Tests.Campaign;

namespace TaskMaster.Chaos.Tests;

/// <summary>
/// The assembly's entry: <c>campaign …</c> runs a fault campaign as a command (scripts/chaos.sh), anything
/// else goes to the test runner, as xunit's generated entry point would.
/// </summary>
internal static class Program
{
    private static readonly string Usage = """
        Usage: scripts/chaos.sh [--schedules N] [--seed S] [--kinds all|KIND,...] [--minutes M] [--liveness SECONDS] [--replicas R]
          --schedules  how many schedules to run, one after another on one stack (default 10); schedule i has seed S+i
          --seed       the first schedule's seed (default: random, printed): the same seed replays the same queue and faults
          --kinds      the faults to draw from (default all): KINDS
          --minutes    how long each schedule injects faults; its queue is sized to last about as long (default 1, fractions allowed)
          --liveness   how long a run may take to end after its last fault healed (default 120)
          --replicas   how many scheduler replicas share the lease, 1 to 3 (default 2; with 1, standby-kill is not injected)
        Starts RabbitMQ, Redis, s3rver and the services (scheduler replicas, checkpoint, monitor, 3 workers) on
        loopback, runs the schedules, prints a line per schedule and the checker's table, and exits 1 if any
        check failed. TASKMASTER_KEEP_SERVERS=1 keeps the stack's folder (logs, queues, attempts.log) afterwards.
        Ctrl-C or SIGTERM stops it cleanly: the stack is stopped and the table of the schedules that finished is printed (exit 130).
        """;

    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "campaign") return CampaignAsync(args[1..]).GetAwaiter().GetResult();
        if (args.Any(arg => arg is "--server" or "--internal-msbuild-node"))
        {
            return Xunit.MicrosoftTestingPlatform.TestPlatformTestFramework.RunAsync(args, SelfRegisteredExtensions.AddSelfRegisteredExtensions).GetAwaiter().GetResult();
        }
        return Xunit.Runner.InProc.SystemConsole.ConsoleRunner.Run(args).GetAwaiter().GetResult();
    }

    private static async Task<int> CampaignAsync(string[] args)
    {
        CampaignOptions options;
        int replicas;
        try
        {
            if (args.Any(a => a is "-h" or "--help"))
            {
                Console.WriteLine(Usage.Replace("KINDS", string.Join(", ", FaultKind.All.Select(k => k.Name)), StringComparison.Ordinal));
                return 0;
            }
            (options, replicas) = Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"chaos: {e.Message} (see --help)");
            return 2;
        }
        using var cancel = new CancellationTokenSource();
        // Ctrl-C and SIGTERM (a `kill`, a CI's timeout) both stop the campaign cleanly: the stack's servers and
        // services are stopped, and the table of the schedules that finished is printed.
        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = true;
            cancel.Cancel();
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        Console.WriteLine($"chaos: {options.Schedules} schedules from seed {options.Seed}, kinds {string.Join(',', options.Kinds.Select(k => k.Name))}, {options.Window.TotalMinutes:0.##} min each, {replicas} scheduler replicas");
        try
        {
            await using var stack = await ChaosStack.StartAsync(replicas, cancel.Token);
            Console.WriteLine($"chaos: stack up in {stack.Folder}");
            var outcomes = await ChaosCampaign.RunAsync(stack, options, Console.Out, cancel.Token);
            return outcomes.All(o => o.Result.Passed) ? 0 : 1;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("chaos: stopped; the stack's servers and services are stopped");
            return 130;
        }
    }

    private static (CampaignOptions Options, int Replicas) Parse(string[] args)
    {
        var (schedules, seed, kinds, window, liveness) = (10, Random.Shared.Next(1, 1_000_000), FaultKind.All, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(120));
        var replicas = ChaosStack.DefaultReplicas;
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--schedules": schedules = Whole(args[i], value, 1); break;
                case "--seed": seed = Whole(args[i], value, 0); break;
                case "--kinds": kinds = FaultKind.Parse(value); break;
                case "--minutes": window = TimeSpan.FromMinutes(Positive(args[i], value)); break;
                case "--liveness": liveness = TimeSpan.FromSeconds(Positive(args[i], value)); break;
                case "--replicas": replicas = Whole(args[i], value, 1) is var r and <= 3 ? r : throw new ArgumentException($"--replicas expects 1 to 3, got '{value}'"); break;
                default: throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }
        return (new CampaignOptions(schedules, seed, kinds, window, liveness), replicas);
    }

    private static int Whole(string option, string value, int least) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= least
            ? n : throw new ArgumentException($"{option} expects a whole number ≥ {least}, got '{value}'");

    private static double Positive(string option, string value) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n : throw new ArgumentException($"{option} expects a number > 0, got '{value}'");
}
