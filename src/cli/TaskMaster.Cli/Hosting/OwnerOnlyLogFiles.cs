using System.Text;
using Serilog.Sinks.File;
using TaskMaster.Core.Storage;

namespace TaskMaster.Cli.Hosting;

/// <summary>
/// Makes each log file the rolling sink opens readable by its owner only: the sink has no mode of
/// its own, and the executor's log names tasks, commands and their errors.
/// </summary>
internal sealed class OwnerOnlyLogFiles : FileLifecycleHooks
{
    public static readonly OwnerOnlyLogFiles Instance = new();

    public override Stream OnFileOpened(string path, Stream underlyingStream, Encoding encoding)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, PrivateFiles.FileMode);
        return underlyingStream;
    }
}
