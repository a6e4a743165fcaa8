using System.Runtime.Versioning;
using TaskMaster.Core.Storage;

namespace TaskMaster.Core.Tests.Storage;

[UnsupportedOSPlatform("windows")]
public sealed class PrivateFilesTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "taskmaster-private-" + Guid.NewGuid().ToString("n"));

    public PrivateFilesTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void CreateDirectory_MissingParents_CreatesEachOneOwnerOnly()
    {
        var leaf = Path.Combine(_root, "a", "b", "c");

        PrivateFiles.CreateDirectory(leaf);

        foreach (var folder in new[] { "a", "a/b", "a/b/c" })
            Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(Path.Combine(_root, folder)));
    }

    [Fact]
    public void WriteAndAppend_NewFiles_AreOwnerReadWriteOnly()
    {
        var written = Path.Combine(_root, "written");
        var appended = Path.Combine(_root, "appended");

        PrivateFiles.WriteAllText(written, "x");
        PrivateFiles.AppendAllText(appended, "a");
        PrivateFiles.AppendAllText(appended, "b");

        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(written));
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(appended));
        Assert.Equal("ab", File.ReadAllText(appended));
    }

    [Fact]
    public void Restrict_FolderOpenToOthers_TakesTheirAccessAwayAndReturnsTheOldMode()
    {
        var open = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(_root, open);

        var was = PrivateFiles.Restrict(_root);

        Assert.Equal(open, was);
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(_root));
        Assert.Null(PrivateFiles.Restrict(_root));
    }
}
