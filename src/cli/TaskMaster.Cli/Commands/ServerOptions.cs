using System.CommandLine;
using TaskMaster.Cli.Parsing;

namespace TaskMaster.Cli.Commands;

/// <summary>
/// <c>task-master --server URL [--token-file F] COMMAND</c>: the commands that reach an executor do it
/// over gRPC against a scheduler service instead (docs/cluster.md). Given before the command.
/// </summary>
internal static class ServerOptions
{
    public static Option<Uri?> Server { get; } = CliOptions.Url("--server",
        "Run the command against the scheduler service at this gRPC address (e.g. http://scheduler:7420) instead of this " +
        "machine's home: execute submits the queue, runs lists the cluster's runs, status, pause, continue, stop, override, " +
        "checkpoint --save and resume steer a run of it, report reports on one (--run names which).",
        "http://127.0.0.1:7420");

    public static Option<FileInfo> TokenFile { get; } = CliOptions.InputFile("--token-file",
        "With --server: the file holding the service's control token (its TASKMASTER_CONTROL__TOKENFILE).",
        "the service's token file");

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Server);
        root.Options.Add(TokenFile);
    }

    /// <summary>Why a command given <c>--server</c> cannot run with these of its options (the first one given is named); null when none was given.</summary>
    public static string? NotOverServer(ParseResult result, string command, params Option[] options) =>
        options.FirstOrDefault(o => result.GetResult(o) is { Implicit: false }) is { } given
            ? $"{command} {given.Name} reads this machine's home: it does not apply with --server"
            : null;

    /// <summary>The server named before the command, with its token file; null when the command runs on the home.</summary>
    public static ServerTarget? Read(ParseResult result) =>
        result.GetValue(Server) is { } server ? new ServerTarget(server, result.GetValue(TokenFile)?.FullName) : null;
}

/// <summary>A scheduler service to call, and where its token is (null: none was given).</summary>
internal sealed record ServerTarget(Uri Address, string? TokenFile);
