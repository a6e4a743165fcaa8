namespace TaskMaster.Cli.Tests.Support;

/// <summary>The checkout the tests were built from: the folder holding TaskMaster.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "TaskMaster.sln"))) return folder.FullName;
        throw new InvalidOperationException($"no TaskMaster.sln above {AppContext.BaseDirectory}");
    }
}
