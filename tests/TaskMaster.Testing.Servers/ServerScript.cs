using System.Diagnostics;

namespace TaskMaster.Testing.Servers;

/// <summary>
/// One server run by its script in the repository's <c>scripts/servers/</c> (the same scripts
/// <c>scripts/dev-up.sh</c> uses): started, stopped, killed and restarted on the ports it first had.
/// Everything about it is in <see cref="Directory"/>: its <c>env</c> (where it listens), its PIDs, logs and data.
/// </summary>
public sealed class ServerScript
{
    private static readonly Lazy<string> ScriptsFolder = new(FindScriptsFolder);

    /// <summary>The repository's <c>scripts/servers</c> folder (its parent holds dev-up.sh and the other scripts).</summary>
    public static string ScriptsFolderPath => ScriptsFolder.Value;

    /// <summary>The repository's root: the folder holding <c>scripts/</c>, <c>charts/</c>, <c>docs/</c>.</summary>
    public static string RepositoryRoot => Path.GetFullPath(Path.Combine(ScriptsFolder.Value, "..", ".."));

    public ServerScript(string name, string directory)
    {
        Name = name;
        Directory = directory;
    }

    public string Name { get; }

    public string Directory { get; }

    /// <summary>What the last start wrote to <c>DIR/env</c>: ports and URLs.</summary>
    public IReadOnlyDictionary<string, string> Env { get; private set; } = new Dictionary<string, string>();

    public string this[string key] => Env.TryGetValue(key, out var value)
        ? value
        : throw new KeyNotFoundException($"{Name}: no {key} in {Path.Combine(Directory, "env")}");

    /// <summary>Starts the server (or starts it again on the same ports and data); returns once it serves.</summary>
    public async Task StartAsync(IEnumerable<string>? options = null, CancellationToken cancellationToken = default)
    {
        await RunAsync(["start", Directory, .. options ?? []], cancellationToken);
        Env = ReadEnv(Path.Combine(Directory, "env"));
    }

    /// <summary>SIGTERM to its processes (SIGKILL after the script's grace); its data stays for a restart.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => RunAsync(["stop", Directory], cancellationToken);

    /// <summary>SIGKILL to its processes, as a crash would.</summary>
    public Task KillAsync(CancellationToken cancellationToken = default) => RunAsync(["kill", Directory], cancellationToken);

    /// <summary>Sends <paramref name="signal"/> to every process group it was started as (SIGSTOP pauses it, SIGCONT wakes it).</summary>
    public void Signal(int signal)
    {
        foreach (var pid in File.ReadAllLines(Path.Combine(Directory, "pids")).Where(line => line.Length > 0))
            ProcessState.SignalGroup(int.Parse(pid.Trim(), System.Globalization.CultureInfo.InvariantCulture), signal);
    }

    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync(cancellationToken);
        await StartAsync(cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Whether every process it was started as still runs: listed in <c>DIR/pids</c>, and neither gone nor
    /// a zombie (PID 1 here reaps no orphans, so an ended process can linger as one).
    /// </summary>
    public bool IsRunning
    {
        get
        {
            var pids = Path.Combine(Directory, "pids");
            if (!File.Exists(pids)) return false;
            var listed = File.ReadAllLines(pids).Where(line => line.Length > 0).ToList();
            return listed.Count > 0 && listed.All(pid => !ProcessState.HasEnded(int.Parse(pid.Trim(), System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>The last lines of each of its logs, for a failing test's message.</summary>
    public string LogTail(int lines = 30)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return $"{Name}: no logs ({Directory} is gone)";
        }
        var parts = System.IO.Directory.EnumerateFiles(Directory, "*.log", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(log => $"--- last lines of {log}{Environment.NewLine}{string.Join(Environment.NewLine, File.ReadLines(log).TakeLast(lines))}");
        return string.Join(Environment.NewLine, parts);
    }

    private async Task RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var script = Path.Combine(ScriptsFolder.Value, $"{Name}.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not run {script}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new ServerStartException(
                $"{Name}: `{script} {string.Join(' ', arguments)}` failed ({process.ExitCode}):{Environment.NewLine}{await error}{await output}");
        }
    }

    private static Dictionary<string, string> ReadEnv(string file) =>
        File.ReadLines(file)
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Last()[1], StringComparer.Ordinal);

    // Tests run from bin/<configuration>/<tfm>/ somewhere below the repository's root.
    private static string FindScriptsFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var scripts = Path.Combine(folder.FullName, "scripts", "servers");
            if (File.Exists(Path.Combine(scripts, "lib.sh")))
            {
                return scripts;
            }
        }
        throw new InvalidOperationException($"no scripts/servers/lib.sh above {AppContext.BaseDirectory}");
    }
}
