using System.CommandLine;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using TaskMaster.Cli.Hosting;
using TaskMaster.Cli.Output;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.Worker;

namespace TaskMaster.Cli.Commands;

/// <summary><c>task-master execute</c>: validates a queue, then runs it to the end.</summary>
internal static class ExecuteCommand
{
    public static Command Create()
    {
        var queue = CommonOptions.Queue();
        var home = CommonOptions.Home();
        var logLevel = CommonOptions.LogLevelOption();
        var concurrency = new Option<int?>("--concurrency", "-j")
        {
            Description = "At most this many tasks run at once. Default: the queue's `concurrency`, else the number of cores.",
        };
        concurrency.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1) r.AddError("--concurrency must be at least 1.");
        });
        var cpus = new Option<double?>("--cpus")
        {
            Description = "Cores handed out to tasks (each declares `resources: cpu=`, default 1). " +
                          "Default: the larger of the number of cores and the concurrency.",
        };
        cpus.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is <= 0) r.AddError("--cpus must be more than 0.");
        });
        var memory = new Option<string?>("--memory")
        {
            Description = "Memory handed out to tasks (`resources: memory=`), e.g. 8Gi. Default: the memory available to this process.",
        };
        memory.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && !SizeFormat.TryParse(text, out _))
                r.AddError($"--memory: '{text}' is not a size; expected e.g. 512Mi, 8Gi, 2G.");
        });
        var autonomous = new Option<bool>("--autonomous-mode")
        {
            Description = "Never wait for a person: every decision (retry, block, give up) is taken by policy and recorded. " +
                          "Without it, a permanent failure of a `critical: true` task pauses the run for an operator.",
        };
        var plain = new Option<bool>("--plain")
        {
            Description = "Print one timestamped line per event instead of the live view (the default when output is not a terminal).",
        };

        var command = new Command("execute",
            "Validate a queue, then run it: each task starts as soon as its dependencies have succeeded and a slot and " +
            "its resources are free. Exit code 0 when every task succeeded, 1 when some failed or were blocked, " +
            "2 for an invalid queue, 130/143 when stopped by SIGINT/SIGTERM.")
        {
            queue, concurrency, autonomous, logLevel, home, cpus, memory, plain,
        };
        command.SetAction((result, cancellationToken) =>
        {
            long? memoryBytes = SizeFormat.TryParse(result.GetValue(memory) ?? "", out var bytes) ? bytes : null;
            return RunAsync(new ExecuteSettings(
                result.GetRequiredValue(queue),
                HomeLayout.Resolve(result.GetValue(home)),
                result.GetValue(concurrency),
                result.GetValue(cpus),
                memoryBytes,
                result.GetValue(autonomous),
                result.GetValue(logLevel),
                result.GetValue(plain) || Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive),
                cancellationToken);
        });
        return command;
    }

    internal static async Task<int> RunAsync(ExecuteSettings settings, CancellationToken cancellationToken)
    {
        var display = ValidateCommand.DisplayName(settings.Queue);
        var parsed = QueueParser.ParseFile(settings.Queue.FullName, display);
        if (!parsed.IsValid)
        {
            QueueErrorPrinter.Print(Console.Error, parsed.Errors, display);
            return ExitCodes.InvalidInput;
        }
        var queue = parsed.Queue!;
        var time = TimeProvider.System;
        var options = SchedulerOptionsFor(settings, queue, time);
        var problems = options.Validate().Concat(RunScheduler.ResourceProblems(queue, options)).ToList();
        if (problems.Count > 0)
        {
            foreach (var problem in problems) Console.Error.WriteLine($"{display}: {problem}");
            return ExitCodes.InvalidInput;
        }

        var layout = settings.Home;
        Directory.CreateDirectory(layout.Home);
        using var loggerFactory = RunLogging.Create(layout, settings.LogLevel, options.RunId);
        var logFile = RunLogging.CurrentFile(layout, time.GetUtcNow());
        Console.WriteLine($"TaskMaster run {options.RunId}: queue '{queue.Name}' ({queue.Tasks.Count} tasks), " +
                          $"concurrency {options.Concurrency}{(options.Autonomous ? ", autonomous" : "")}; home {layout.Home}");

        await using var executor = new ProcessTaskExecutor(
            new ProcessExecutorOptions { Home = layout }, time, loggerFactory.CreateLogger<ProcessTaskExecutor>());
        var journal = new InMemoryEventJournal(keepEvents: false);
        var viewModel = new RunViewModel(options.Concurrency, time);
        await using var plainView = settings.Plain ? new PlainRunView(Console.Out) : null;
        var observers = new List<IRunObserver> { new RunEventLogger(loggerFactory.CreateLogger<RunEventLogger>()), viewModel };
        if (plainView is not null) observers.Add(plainView);
        var scheduler = new RunScheduler(queue, options, executor, journal, observers, time, loggerFactory.CreateLogger<RunScheduler>());

        using var signals = new StopSignals((reason, signal) => scheduler.RequestStop(reason, signal));
        var run = scheduler.RunAsync(cancellationToken);
        var summary = settings.Plain ? await run.ConfigureAwait(false) : await LiveRunView.ShowWhile(AnsiConsole.Console, viewModel, run).ConfigureAwait(false);
        if (plainView is not null) await plainView.DisposeAsync().ConfigureAwait(false);

        SummaryPrinter.Print(Console.Out, summary, scheduler.State, layout, logFile);
        return summary.Status switch
        {
            RunStatus.Completed => ExitCodes.Success,
            RunStatus.Interrupted when signals.Received > 0 => ExitCodes.FromSignal(signals.Received),
            _ => ExitCodes.TasksFailed,
        };
    }

    private static SchedulerOptions SchedulerOptionsFor(ExecuteSettings settings, QueueDefinition queue, TimeProvider time)
    {
        var concurrency = settings.Concurrency ?? queue.Concurrency ?? Environment.ProcessorCount;
        var options = new SchedulerOptions
        {
            RunId = NewRunId(time),
            Concurrency = concurrency,
            // With no --cpus, the concurrency alone limits tasks that declare no resources (cpu=1 each).
            CpuCapacity = settings.Cpus ?? Math.Max(Environment.ProcessorCount, concurrency),
            Autonomous = settings.Autonomous,
        };
        if (settings.MemoryBytes is { } memory) options.MemoryCapacity = memory;
        return options;
    }

    private static string NewRunId(TimeProvider time) =>
        $"run-{time.GetUtcNow():yyyyMMdd-HHmmss}-{Random.Shared.Next(0x10000):x4}";
}

/// <summary>Everything <c>execute</c> was asked to do, after parsing the command line.</summary>
internal sealed record ExecuteSettings(
    FileInfo Queue,
    HomeLayout Home,
    int? Concurrency,
    double? Cpus,
    long? MemoryBytes,
    bool Autonomous,
    LogLevel LogLevel,
    bool Plain);
