namespace TaskMaster.Testing.Servers;

/// <summary>
/// Where the services' entry assemblies are: each service's own build output, of the configuration
/// the tests were built in (<c>src/services/TaskMaster.&lt;Name&gt;Service/bin/&lt;Configuration&gt;/&lt;tfm&gt;/taskmaster-&lt;name&gt;.dll</c>).
/// The test projects reference the service projects (without their assemblies), so a build of the
/// tests builds them first.
/// </summary>
public static class ServiceBinaries
{
    public static string EntryAssembly(string service)
    {
        // Tests run from <project>/bin/<Configuration>/<tfm>/ below the repository's root.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent?.Name ?? "Release";
        var project = $"TaskMaster.{char.ToUpperInvariant(service[0])}{service[1..]}Service";
        for (var folder = output; folder is not null; folder = folder.Parent)
        {
            var dll = Path.Combine(folder.FullName, "src", "services", project, "bin", configuration, framework, $"taskmaster-{service}.dll");
            if (File.Exists(dll))
            {
                return dll;
            }
            if (Directory.Exists(Path.Combine(folder.FullName, "src", "services")))
            {
                throw new FileNotFoundException($"{dll} is not built: `dotnet build -c {configuration} TaskMaster.sln` builds it");
            }
        }
        throw new DirectoryNotFoundException($"no src/services above {AppContext.BaseDirectory}");
    }
}
