namespace TaskMaster.Deployment.Tests.Tilt;

/// <summary>tilt/Tiltfile run by a Starlark interpreter with Tilt's built-ins stubbed: what it asks Tilt to do.</summary>
public sealed class TiltfileTests(TiltfileChecker checker) : IClassFixture<TiltfileChecker>
{
    private static readonly string[] Services = ["scheduler", "worker", "checkpoint", "monitor"];

    private static string TiltFolder => Path.Combine(Repository.Root, "tilt");

    private static string Tiltfile => Path.Combine(TiltFolder, "Tiltfile");

    [Fact]
    public async Task Tiltfile_Evaluated_BuildsTheFourImagesWithLiveUpdatesOfTheirPublishedOutput()
    {
        var run = await checker.RunAsync(Tiltfile);

        Assert.True(run.ExitCode == 0, run.Error);
        var builds = run.Of("custom_build").ToDictionary(build => build.Text("ref")!);
        Assert.Equal(Services.Select(service => $"taskmaster-{service}").Order(), builds.Keys.Order());
        foreach (var service in Services)
        {
            var build = builds[$"taskmaster-{service}"];
            var publish = Assert.Single(run.Of("local_resource"), resource => resource.Text("name") == $"publish-{service}");
            Assert.Contains($"dotnet publish ../src/services/TaskMaster.{char.ToUpperInvariant(service[0])}{service[1..]}Service -c Release", publish.Text("cmd"), StringComparison.Ordinal);
            var sync = Assert.Single(build.List("live_update"), step => step.GetProperty("kind").GetString() == "sync");
            Assert.Equal($".publish/{service}", sync.GetProperty("local_path").GetString());
            Assert.StartsWith("/var/lib/taskmaster/", sync.GetProperty("remote_path").GetString(), StringComparison.Ordinal);
            Assert.Contains(build.List("deps"), dep => dep.GetString() == $".publish/{service}");
        }
        Assert.True(File.Exists(Path.Combine(TiltFolder, "build-image.sh")), "the custom_build's command, tilt/build-image.sh, is missing");
    }

    [Fact]
    public async Task Tiltfile_Evaluated_InstallsTheChartWithTheDevValuesAndForwardsTheDashboardGrpcAndGrafana()
    {
        var run = await checker.RunAsync(Tiltfile);

        Assert.True(run.ExitCode == 0, run.Error);
        var helm = Assert.Single(run.Of("helm"));
        Assert.Equal(Path.Combine(Repository.Root, "charts", "taskmaster"), Path.GetFullPath(Path.Combine(TiltFolder, helm.Text("pathToChartDir")!)));
        Assert.Equal("taskmaster", helm.Text("name"));
        var values = Assert.Single(helm.List("values")).GetString()!;
        Assert.True(File.Exists(Path.Combine(TiltFolder, values)), $"the dev values {values} are not beside the Tiltfile");
        Assert.Equal("helm", Assert.Single(run.Of("k8s_yaml")).Arguments.GetProperty("yaml").GetProperty("kind").GetString());
        var resources = run.Of("k8s_resource").ToDictionary(resource => resource.Text("workload")!);
        Assert.Equal(Services.Select(service => $"taskmaster-{service}").Order(), resources.Keys.Order());
        Assert.Equal([8080L], Forwards(resources["taskmaster-monitor"]));
        Assert.Equal([8081L], Forwards(resources["taskmaster-scheduler"]));
        var grafana = Assert.Single(run.Of("local_resource"), resource => resource.Text("name") == "grafana");
        Assert.Contains("port-forward", grafana.Text("serve_cmd"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("k8s_resource(", "k8s_resorce(", "undefined: k8s_resorce")]
    [InlineData("port_forwards=[", "port_forward=[", "unexpected keyword argument \"port_forward\"")]
    [InlineData("port_forward(8080, 8080,", "port_forward('8080', 8080,", "for parameter local_port: got string, want int")]
    [InlineData("LIVE_DIR = '/var/lib/taskmaster/live'", "LIVE_DIR = '/var/lib/taskmaster/live' +", "got newline, want primary expression")]
    public async Task Tiltfile_WithAMistake_IsRefusedNamingIt(string original, string mistake, string message)
    {
        var text = File.ReadAllText(Tiltfile);
        Assert.Contains(original, text, StringComparison.Ordinal);
        var folder = Directory.CreateTempSubdirectory("tm-tiltfile-").FullName;
        try
        {
            var broken = Path.Combine(folder, "Tiltfile");
            File.WriteAllText(broken, ReplaceFirst(text, original, mistake));

            var run = await checker.RunAsync(broken);

            Assert.NotEqual(0, run.ExitCode);
            Assert.Contains(message, run.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static long[] Forwards(TiltCall resource) =>
        [.. resource.List("port_forwards").Select(forward => forward.GetProperty("local_port").GetInt64())];

    private static string ReplaceFirst(string text, string original, string replacement)
    {
        var at = text.IndexOf(original, StringComparison.Ordinal);
        return string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + original.Length));
    }
}
