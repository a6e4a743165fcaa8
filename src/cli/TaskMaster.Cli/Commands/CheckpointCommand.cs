using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using TaskMaster.Checkpoint;
using TaskMaster.Cli.Hosting;
using TaskMaster.Cli.Parsing;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Display;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Cli.Commands;

/// <summary><c>task-master checkpoint</c>: asks the running executor for a checkpoint, lists the home's checkpoints, or shows one.</summary>
internal static class CheckpointCommand
{
    public static Command Create()
    {
        var save = new Option<bool>("--save")
        {
            Description = "Make the executor running on this home write a checkpoint now, and print its path.",
        };
        var force = new Option<bool>("--force")
        {
            Description = "With --save: write one even if one was just taken or the run is paused.",
        };
        var show = CliOptions.InputFile("--show",
            "Verify the checkpoint FILE (any format; for a latest.json, the checkpoint it names) and print it as indented JSON with every " +
            "field: the task lists that compressed files leave to the reader, and each task as an object. Exit code 4 when it is refused.",
            "a checkpoint file (checkpoints/*.json.gz, latest.json)");
        var target = new ControlTargetOptions();
        var command = new Command("checkpoint",
            "With --save, make the running executor (found through the home alone) write a checkpoint now. " +
            "With --show FILE, print one checkpoint in full. " +
            "Without either, list the home's checkpoints, newest first, and whether each is valid. " +
            "Exit code 1 when no executor runs on the home.")
        {
            save, force, show,
        };
        target.AddTo(command);
        command.SetAction((result, cancellationToken) =>
        {
            var where = target.Read(result);
            if (result.GetValue(show) is { } file) return ShowAsync(where.Home, file.FullName, cancellationToken);
            return result.GetValue(save)
                ? SaveAsync(where, result.GetValue(force), cancellationToken)
                : ListAsync(where.Home, cancellationToken);
        });
        return command;
    }

    private static async Task<int> ShowAsync(HomeLayout home, string path, CancellationToken cancellationToken)
    {
        using var store = new FileCheckpointStore(CheckpointStoreOptions.For(home), TimeProvider.System, NullLogger<FileCheckpointStore>.Instance);
        var load = await store.LoadAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!load.Found)
        {
            Console.Error.WriteLine($"task-master: {path}: {load.Refused[0].Refusal.Reason}");
            return ExitCodes.CannotResume;
        }
        if (load.Path != Path.GetFullPath(path)) Console.Error.WriteLine($"{path} names {load.Path}");
        Console.Out.Write(CheckpointCodec.Show(load.Document));
        return ExitCodes.Success;
    }

    private static Task<int> SaveAsync(ControlTarget target, bool force, CancellationToken cancellationToken) =>
        ControlCall.RunAsync(target, "checkpoint",
            (client, options) => client.TakeCheckpointAsync(new TakeCheckpointRequest { RunId = target.RunId, Force = force }, options),
            taken =>
            {
                Console.WriteLine(taken.Path);
                if (taken.MirrorPath.Length > 0) Console.Error.WriteLine($"mirror: {taken.MirrorPath}");
                Console.Error.WriteLine($"checkpoint #{taken.Sequence} of run {taken.RunId}, covering journal event {taken.JournalPosition}");
            }, cancellationToken);

    private static async Task<int> ListAsync(HomeLayout home, CancellationToken cancellationToken)
    {
        using var store = new FileCheckpointStore(CheckpointStoreOptions.For(home), TimeProvider.System, NullLogger<FileCheckpointStore>.Instance);
        var all = store.List();
        if (all.Count == 0)
        {
            Console.WriteLine($"No checkpoints in {home.Home}.");
            return ExitCodes.Success;
        }
        foreach (var info in all)
        {
            var load = await store.LoadAsync(info.Path, cancellationToken: cancellationToken).ConfigureAwait(false);
            var verdict = load.Found
                ? $"valid   run {load.Document.RunId} #{load.Document.Sequence} {load.Document.Reason}, journal {load.Document.Journal.Position}, {ClockTime.Format(load.Document.Timestamp)}"
                : $"INVALID {load.Refused[0].Refusal.Reason}";
            Console.WriteLine($"{info.Path}  {verdict}");
        }
        return ExitCodes.Success;
    }
}
