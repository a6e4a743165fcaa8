using System.Text;

namespace TaskMaster.Core.Storage;

/// <summary>
/// Creates folders and files that only their owner can read: 0700 folders, 0600 files. Everything
/// under a TaskMaster home is made this way, because task logs, state files, checkpoints and the
/// control token can hold secrets. The mode is set at creation (never widened then narrowed), so
/// there is no moment at which another user could open the file.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode GroupAndOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Creates the folder and any missing parents, each 0700; folders that exist keep their mode.</summary>
    public static DirectoryInfo CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows()) return Directory.CreateDirectory(path);
        // The runtime gives the mode to the last folder only; its missing parents would get the umask's.
        var missing = new Stack<string>();
        for (var folder = Path.GetFullPath(path); !Directory.Exists(folder); folder = Path.GetDirectoryName(folder)!)
        {
            missing.Push(folder);
            if (Path.GetDirectoryName(folder) is null) break;
        }
        foreach (var folder in missing) Directory.CreateDirectory(folder, DirectoryMode);
        return new DirectoryInfo(path);
    }

    /// <summary>Creates the folder a file will go in (see <see cref="CreateDirectory"/>).</summary>
    public static void CreateParentOf(string filePath)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(filePath)) is { Length: > 0 } parent) CreateDirectory(parent);
    }

    /// <summary>File stream options that create a missing file 0600.</summary>
    public static FileStreamOptions Options(
        System.IO.FileMode mode, FileAccess access, FileShare share = FileShare.Read, int bufferSize = 4096, FileOptions options = FileOptions.None)
    {
        var result = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = bufferSize, Options = options };
        // UnixCreateMode may only be set when the mode can create the file.
        if (!OperatingSystem.IsWindows() && mode != System.IO.FileMode.Open && mode != System.IO.FileMode.Truncate) result.UnixCreateMode = FileMode;
        return result;
    }

    /// <summary>Opens a file as <see cref="FileStream"/> does, creating it 0600 if it is missing.</summary>
    public static FileStream Open(
        string path, System.IO.FileMode mode, FileAccess access, FileShare share = FileShare.Read, int bufferSize = 4096, FileOptions options = FileOptions.None) =>
        new(path, Options(mode, access, share, bufferSize, options));

    public static void WriteAllText(string path, string text) => WriteAllBytes(path, Utf8.GetBytes(text));

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content)
    {
        using var stream = Open(path, System.IO.FileMode.Create, FileAccess.Write, FileShare.None);
        stream.Write(content);
    }

    public static async Task WriteAllTextAsync(string path, string text, CancellationToken cancellationToken = default)
    {
        await using var stream = Open(path, System.IO.FileMode.Create, FileAccess.Write, FileShare.None);
        await stream.WriteAsync(Utf8.GetBytes(text), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Appends UTF-8 text (no byte-order mark), creating the file 0600 if it is missing.</summary>
    public static void AppendAllText(string path, string text)
    {
        using var stream = Open(path, System.IO.FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(Utf8.GetBytes(text));
    }

    /// <summary>
    /// Takes group and other access away from a folder that already exists (a home made by an
    /// earlier version, or by hand); returns the mode it had when that changed anything.
    /// </summary>
    public static UnixFileMode? Restrict(string directory)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(directory)) return null;
        var mode = File.GetUnixFileMode(directory);
        if ((mode & GroupAndOthers) == 0) return null;
        File.SetUnixFileMode(directory, mode & ~GroupAndOthers);
        return mode;
    }
}
