namespace TaskMaster.Worker;

/// <summary>
/// Creates the worker's folders and files under the home private to their owner (0700, 0600):
/// task logs and state can hold secrets.
/// </summary>
internal static class OwnerOnlyFiles
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the folder (and any missing parent) owner-only; an existing one is left as it is.</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, FolderMode);
    }

    /// <summary>Writes a whole file, created owner-only.</summary>
    public static void WriteAllText(string path, string text)
    {
        using var stream = new FileStream(path, Options(System.IO.FileMode.Create, FileAccess.Write, FileShare.None));
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }

    /// <summary>Opens a file for reading and writing, created owner-only when missing; others may read it meanwhile.</summary>
    public static FileStream OpenShared(string path) =>
        new(path, Options(System.IO.FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete));

    private static FileStreamOptions Options(System.IO.FileMode mode, FileAccess access, FileShare share)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = 0 };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileMode;
        return options;
    }
}
