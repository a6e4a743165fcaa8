namespace TaskMaster.Core.Queue;

/// <summary>Which interpreter runs a fenced script, from the fence's info string.</summary>
internal static class ScriptShell
{
    public const string Supported = "use ```sh or ```shell (run by /bin/sh, also the default with no language) or ```bash (run by /bin/bash)";

    /// <summary>The interpreter for the info string, or null when it names a language we do not run.</summary>
    public static string? For(string? info) => info switch
    {
        null or "" or "sh" or "shell" => TaskCommand.DefaultShell,
        "bash" => "/bin/bash",
        _ => null,
    };
}
