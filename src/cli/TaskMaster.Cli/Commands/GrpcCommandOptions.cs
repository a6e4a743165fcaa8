using System.CommandLine;
using TaskMaster.Cli.Parsing;

namespace TaskMaster.Cli.Commands;

/// <summary><c>--grpc-port</c>, <c>--grpc-host</c> of <c>execute</c> and <c>resume</c>: the control API as native gRPC on TCP.</summary>
internal sealed class GrpcCommandOptions
{
    public const string DefaultHost = "127.0.0.1";

    public Option<int?> Port { get; } = CliOptions.Port("--grpc-port",
        "Also serve the control API as native gRPC (HTTP/2 without TLS) on this TCP port, for other systems; " +
        "0 picks a free one. Every call needs the home's token. Off by default.");

    public Option<string> Host { get; } = CliOptions.Text("--grpc-host",
        $"The address the gRPC endpoint binds (with --grpc-port). Default: {DefaultHost}. " +
        "Anything but loopback lets the network call it (still with the token, which travels in clear text).",
        "an address to bind, such as 127.0.0.1", DefaultHost);

    public void AddTo(Command command)
    {
        command.Options.Add(Port);
        command.Options.Add(Host);
    }

    /// <summary>What was asked; null without <c>--grpc-port</c>.</summary>
    public GrpcRequest? Read(ParseResult result) =>
        result.GetValue(Port) is { } port ? new GrpcRequest(port, result.GetValue(Host) ?? DefaultHost) : null;
}

/// <summary><c>--grpc-port</c> and <c>--grpc-host</c> as given.</summary>
internal sealed record GrpcRequest(int Port, string Host);
