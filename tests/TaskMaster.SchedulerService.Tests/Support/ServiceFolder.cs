using System.Security.Cryptography;

namespace TaskMaster.SchedulerService.Tests.Support;

/// <summary>A scheduler service's folder: its state (runs, journals, checkpoints), its token file (0600), and queues to submit.</summary>
internal sealed class ServiceFolder : IDisposable
{
    public ServiceFolder()
    {
        Root = Directory.CreateTempSubdirectory("tm-scheduler-").FullName;
        TokenFile = Path.Combine(Root, "control.token");
        Token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        TokenFileSetting = TokenFile;
        File.WriteAllText(TokenFile, Token);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(TokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Directory.CreateDirectory(Queues);
    }

    public string Root { get; }

    public string TokenFile { get; }

    public string Token { get; }

    /// <summary>What the service is told its token file is; null: the setting is absent.</summary>
    public string? TokenFileSetting { get; set; }

    public string State => Path.Combine(Root, "state");

    /// <summary>The "shared volume": queues and what their tasks write.</summary>
    public string Queues => Path.Combine(Root, "queues");

    /// <summary>Settings a test adds to (or overrides in) <see cref="Settings"/>.</summary>
    public Dictionary<string, string?> More { get; } = [];

    /// <summary>The settings as TASKMASTER_* environment variables name them (section__key), ports chosen by the system.</summary>
    public Dictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Listen:HttpPort"] = "0",
        ["Listen:GrpcPort"] = "0",
        ["Control:TokenFile"] = TokenFileSetting,
        ["Scheduler:StateDirectory"] = State,
        ["Scheduler:DefaultConcurrency"] = "2",
        ["Scheduler:CheckpointIntervalSeconds"] = "0",
    }.Concat(More).GroupBy(setting => setting.Key).ToDictionary(group => group.Key, group => group.Last().Value);

    /// <summary>Writes a queue into the shared folder; answers its text and path, as a submission carries them.</summary>
    public (string Text, string Path) Queue(string name, string markdown)
    {
        var path = System.IO.Path.Combine(Queues, name + ".md");
        File.WriteAllText(path, markdown);
        return (markdown, path);
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { /* a process of a task may still hold a file; the temp folder is cleaned later */ }
    }
}
