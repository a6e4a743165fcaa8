using TaskMaster.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("monitor");
// The cluster monitor (TaskMaster.Monitor.Cluster) is composed here once the Redis adapter registers
// IRunCatalog and IRunEventStream: builder.Services.AddClusterMonitor(builder.Configuration,
// ServiceDefaultsExtensions.ReadyTag) and app.MapClusterMonitor(), as tests/…/MonitorServiceHost does.

var app = builder.Build();
app.MapServiceDefaults();
app.Run();
