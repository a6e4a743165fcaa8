using TaskMaster.Core.Queue;

namespace TaskMaster.Core.Tests.Queue;

/// <summary>Reading a queue from disk.</summary>
public sealed class QueueParserFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("taskmaster-parser-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ParseFile_ExistingFile_SourcePathIsFullPath()
    {
        var path = Path.Combine(_folder, "task-queue.md");
        File.WriteAllText(path, "# q\n\n### t: T\n- run: `true`\n");

        var result = QueueParser.ParseFile(Path.GetRelativePath(Environment.CurrentDirectory, path));

        Assert.Equal(path, result.Queue!.SourcePath);
        Assert.Equal(_folder, result.Queue.BaseDirectory);
    }

    [Fact]
    public void ParseFile_Errors_NameTheDisplayName()
    {
        var path = Path.Combine(_folder, "task-queue.md");
        File.WriteAllText(path, "# q\n\n### t: T\n");

        var result = QueueParser.ParseFile(path, "queues/task-queue.md");

        Assert.Equal("queues/task-queue.md:3: task `t` is missing a command: add `- run: <command>` or a fenced ```sh block", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void ParseFile_Errors_NameThePathWithoutDisplayName()
    {
        var path = Path.Combine(_folder, "task-queue.md");
        File.WriteAllText(path, "no heading");

        var result = QueueParser.ParseFile(path);

        Assert.Equal(path, Assert.Single(result.Errors).File);
    }

    [Fact]
    public void ParseFile_MissingFile_ReportsItCannotBeRead()
    {
        var result = QueueParser.ParseFile(Path.Combine(_folder, "absent.md"), "absent.md");

        var error = Assert.Single(result.Errors);
        Assert.Equal(0, error.Line);
        Assert.StartsWith("cannot read the file", error.Message, StringComparison.Ordinal);
    }
}
