using Microsoft.AspNetCore.Builder;

namespace TaskMaster.Embedded;

/// <summary>
/// The options every web host of an executor is built with. A host reads appsettings.json from its
/// content root and by default watches it for changes: through a watcher on the whole content root,
/// subfolders included, which is the current directory, and so the home (<c>./.taskmaster</c>) with
/// every task log and marker written in it. That cost an inotify event and a thread's wake-up for
/// each write of every task, and a watch on every folder under the current directory at start. An
/// executor takes no settings from appsettings.json: nothing is watched.
/// </summary>
public static class QuietHostOptions
{
    public static WebApplicationOptions Create() => new()
    {
        Args = ["--hostBuilder:reloadConfigOnChange=false"],
        ContentRootPath = AppContext.BaseDirectory,
    };
}
